/// Turns ASTs back into query text that parses to the same AST.
///
/// The output is canonical: keywords are uppercase, strings use double quotes with JSON-style escapes, and parentheses
/// appear exactly where the parser's precedence rules need them, e.g. `SELECT * FROM c WHERE c.a = 1 AND (c.b OR c.c)`.
/// Adding no more parentheses than needed keeps the printed form within the parser's nesting limit whenever the
/// original text was. Property names that are reserved words or not plain identifiers print as `c["value"]`, which
/// Cosmos DB itself accepts.
///
/// `SQLParser.parse(SQLPrinter.format(q)) == q` holds for every query the parser returns. Hand-built ASTs must keep the
/// parser's invariants for that to hold: aliases and identifiers are plain identifiers, `.path` sources only contain
/// path steps (and a FROM `.path` has at least one step), counts are non-negative, numbers are finite.
public enum SQLPrinter {
    /// How many parentheses to write.
    public enum Style: Sendable, Hashable {
        /// Only where precedence requires them; the canonical form, and the one guaranteed to parse back.
        case minimal
        /// Around every operator expression, e.g. `((c.a = 1) AND (c.b = 2))`, to show how a query was grouped.
        /// Parses back to the same AST unless the extra parentheses push it past the parser's nesting limit.
        case fullyParenthesized
    }

    public static func format(_ query: SelectQuery, style: Style = .minimal) -> String {
        var writer = Writer(style: style)
        writer.write(query)
        return writer.output
    }

    public static func format(_ expression: Expression, style: Style = .minimal) -> String {
        var writer = Writer(style: style)
        writer.write(expression)
        return writer.output
    }

    /// A double-quoted string literal: `"`, `\` and control characters are escaped, everything else is written as is.
    public static func quoted(_ string: String) -> String {
        var output = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// Accumulates output; recursion depth is bounded by the expression height limit of the parser.
    private struct Writer {
        let style: Style
        var output = ""

        mutating func write(_ query: SelectQuery) {
            output += "SELECT "
            if query.isDistinct {
                output += "DISTINCT "
            }
            if let top = query.top {
                output += "TOP " + text(of: top) + " "
            }
            switch query.selection {
            case .star:
                output += "*"
            case .value(let value):
                output += "VALUE "
                write(value)
            case .items(let items):
                for (position, item) in items.enumerated() {
                    if position > 0 {
                        output += ", "
                    }
                    write(item.expression)
                    if let alias = item.alias {
                        output += " AS " + alias
                    }
                }
            }
            if let from = query.from {
                output += " FROM "
                writeCollection(alias: from.alias, source: from.source, iterates: from.iterates)
            }
            for join in query.joins {
                output += " JOIN "
                writeCollection(alias: join.alias, source: join.source, iterates: join.iterates)
            }
            if let filter = query.filter {
                output += " WHERE "
                write(filter)
            }
            if !query.groupBy.isEmpty {
                output += " GROUP BY "
                writeList(query.groupBy)
            }
            if !query.orderBy.isEmpty {
                output += " ORDER BY "
                for (position, item) in query.orderBy.enumerated() {
                    if position > 0 {
                        output += ", "
                    }
                    write(item.expression)
                    if item.isDescending {
                        output += " DESC"
                    }
                }
            }
            if let offset = query.offset {
                output += " OFFSET " + text(of: offset)
            }
            if let limit = query.limit {
                output += " LIMIT " + text(of: limit)
            }
        }

        private func text(of count: CountValue) -> String {
            switch count {
            case .literal(let value): String(value)
            case .parameter(let name): name
            }
        }

        private mutating func writeCollection(alias: String, source: CollectionSource, iterates: Bool) {
            if iterates {
                output += alias + " IN "
                writeSource(source)
                return
            }
            writeSource(source)
            if source.defaultAlias != alias {
                output += " AS " + alias
            }
        }

        private mutating func writeSource(_ source: CollectionSource) {
            switch source {
            case .container(let name):
                output += name
            case .path(let path):
                write(path)
            case .subquery(let query):
                output += "("
                write(query)
                output += ")"
            }
        }

        private mutating func writeList(_ expressions: [Expression]) {
            for (position, expression) in expressions.enumerated() {
                if position > 0 {
                    output += ", "
                }
                write(expression)
            }
        }

        /// Where an expression is written: the weakest operator allowed there without parentheses, and whether a
        /// `NOT` at that position is read as the logical operator (start of an expression, or after `??`, OR, AND or a
        /// logical NOT) rather than as a prefix operator binding like `-`.
        struct Position {
            var minimum: Precedence
            var notIsLogical: Bool

            /// A full expression: a clause, argument, element, parenthesised group or conditional branch.
            static let full = Position(minimum: .conditional, notIsLogical: true)
        }

        mutating func write(_ expression: Expression) {
            write(expression, at: .full)
        }

        private mutating func write(_ expression: Expression, at position: Position) {
            let level = level(of: expression, notIsLogical: position.notIsLogical)
            if level < position.minimum || (style == .fullyParenthesized && level < .primary) {
                append("(")
                writeUnparenthesized(expression, at: .full)
                append(")")
            } else {
                writeUnparenthesized(expression, at: position)
            }
        }

        /// The weakest operator at the top of the expression, as the parser will read it at this position.
        private func level(of expression: Expression, notIsLogical: Bool) -> Precedence {
            switch expression {
            case .conditional: .conditional
            case .binary(let binary, _, _): Precedence(of: binary)
            case .between, .inList, .like: .predicate
            case .unary(.not, _): notIsLogical ? .not : .unary
            case .unary: .unary
            default: .primary
            }
        }

        private mutating func writeUnparenthesized(_ expression: Expression, at position: Position) {
            switch expression {
            case .literal(let literal):
                write(literal)
            case .parameter(let name), .identifier(let name):
                append(name)
            case .property(let base, let name):
                writePostfixBase(base)
                if Keyword.isPlainIdentifier(name) {
                    append("." + name)
                } else {
                    append("[" + SQLPrinter.quoted(name) + "]")
                }
            case .index(let base, let index):
                writePostfixBase(base)
                append("[")
                if case .literal(.string) = index {
                    // `c["a"]` would read back as a property access.
                    append("(")
                    write(index)
                    append(")")
                } else {
                    write(index)
                }
                append("]")
            case .array(let elements):
                append("[")
                writeList(elements)
                append("]")
            case .object(let members):
                append("{")
                for (index, member) in members.enumerated() {
                    if index > 0 {
                        append(", ")
                    }
                    append(SQLPrinter.quoted(member.key) + ": ")
                    write(member.value)
                }
                append("}")
            case .unary(let unary, let operand):
                writeUnary(unary, operand, at: position)
            case .binary(let binary, let left, let right):
                let precedence = Precedence(of: binary)
                write(left, at: Position(minimum: precedence, notIsLogical: position.notIsLogical))
                append(" " + binary.rawValue + " ")
                write(right, at: Position(minimum: precedence.tighter, notIsLogical: precedence < .not))
            case .between(let subject, let lower, let upper, let negated):
                writePredicateSubject(subject, at: position)
                append(negated ? " NOT BETWEEN " : " BETWEEN ")
                write(lower, at: Position(minimum: .concat, notIsLogical: false))
                append(" AND ")
                write(upper, at: Position(minimum: .concat, notIsLogical: false))
            case .inList(let subject, let items, let negated):
                writePredicateSubject(subject, at: position)
                append(negated ? " NOT IN (" : " IN (")
                writeList(items)
                append(")")
            case .like(let subject, let pattern, let escape, let negated):
                writePredicateSubject(subject, at: position)
                append(negated ? " NOT LIKE " : " LIKE ")
                write(pattern, at: Position(minimum: .concat, notIsLogical: false))
                if let escape {
                    append(" ESCAPE ")
                    write(escape, at: Position(minimum: .primary, notIsLogical: false))
                }
            case .conditional(let condition, let whenTrue, let whenFalse):
                write(condition, at: Position(minimum: .coalesce, notIsLogical: position.notIsLogical))
                append(" ? ")
                write(whenTrue)
                append(" : ")
                write(whenFalse)
            case .call(let call):
                append((call.isUserDefined ? "udf." : "") + call.name + "(")
                writeList(call.arguments)
                append(")")
            case .exists(let query):
                append("EXISTS(")
                write(query)
                append(")")
            case .arraySubquery(let query):
                append("ARRAY(")
                write(query)
                append(")")
            case .scalarSubquery(let query):
                append("(")
                write(query)
                append(")")
            }
        }

        private mutating func writePredicateSubject(_ subject: Expression, at position: Position) {
            write(subject, at: Position(minimum: .predicate, notIsLogical: position.notIsLogical))
        }

        private mutating func writeUnary(_ unary: UnaryOperator, _ operand: Expression, at position: Position) {
            if unary == .not && position.notIsLogical {
                append("NOT ")
                write(operand, at: Position(minimum: .not, notIsLogical: true))
                return
            }
            append(unary == .not ? "NOT " : unary.rawValue)
            if unary == .negate, Writer.isNonNegativeNumber(operand) {
                // `-(5)` stays a negation; `-5` would read back as the literal -5.
                append("(")
                write(operand)
                append(")")
            } else {
                write(operand, at: Position(minimum: .unary, notIsLogical: false))
            }
        }

        private static func isNonNegativeNumber(_ expression: Expression) -> Bool {
            switch expression {
            case .literal(.integer(let value)): value >= 0
            case .literal(.number(let value)): value.sign == .plus
            default: false
            }
        }
        private mutating func write(_ literal: Literal) {
            switch literal {
            case .undefined: append("undefined")
            case .null: append("null")
            case .bool(let value): append(value ? "true" : "false")
            case .integer(let value): append(String(value))
            // Swift prints the shortest text that reads back exactly, always with "." or "e" (e.g. "5.0", "1e+16").
            case .number(let value): append(String(value))
            case .string(let value): append(SQLPrinter.quoted(value))
            }
        }

        /// Member access needs an atom on its left. A number needs care: `1.a` would lex as `1.` followed by `a`, so a
        /// space separates it (`1 .a`), and `-1.a` would read as `-(1.a)`, so a negative number gets parentheses.
        private mutating func writePostfixBase(_ base: Expression) {
            switch base {
            case .literal(.integer), .literal(.number):
                if Writer.isNonNegativeNumber(base) {
                    write(base)
                    append(" ")
                } else {
                    writeParenthesized(base)
                }
            default:
                write(base, at: Position(minimum: .primary, notIsLogical: false))
            }
        }

        private mutating func writeParenthesized(_ expression: Expression) {
            append("(")
            write(expression)
            append(")")
        }

        /// Appends text, keeping two minus signs apart so they never form a `--` comment.
        private mutating func append(_ text: String) {
            if output.utf8.last == UInt8(ascii: "-"), text.utf8.first == UInt8(ascii: "-") {
                output += " "
            }
            output += text
        }
    }
}

extension SelectQuery: CustomStringConvertible {
    /// Canonical query text; see `SQLPrinter`.
    public func formatted(_ style: SQLPrinter.Style = .minimal) -> String {
        SQLPrinter.format(self, style: style)
    }

    public var description: String {
        formatted()
    }
}

extension Expression: CustomStringConvertible {
    /// Canonical expression text; see `SQLPrinter`.
    public func formatted(_ style: SQLPrinter.Style = .minimal) -> String {
        SQLPrinter.format(self, style: style)
    }

    public var description: String {
        formatted()
    }
}
