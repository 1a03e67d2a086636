/// How tightly operators bind, weakest first. All binary operators are left-associative; `?:` (handled separately,
/// below `??`) is right-associative.
///
/// | level          | operators                                   |
/// |----------------|---------------------------------------------|
/// | (conditional)  | `c ? a : b`                                 |
/// | coalesce       | `??`                                        |
/// | or             | `OR`                                        |
/// | and            | `AND`                                       |
/// | not            | prefix `NOT` (logical)                      |
/// | predicate      | `[NOT] IN (...)`, `[NOT] BETWEEN x AND y`, `[NOT] LIKE p [ESCAPE e]` |
/// | concat         | `||`                                        |
/// | bitwiseOr      | `|`                                         |
/// | bitwiseXor     | `^`                                         |
/// | bitwiseAnd     | `&`                                         |
/// | equality       | `=`, `!=`, `<>`                             |
/// | relational     | `<`, `<=`, `>`, `>=`                        |
/// | shift          | `<<`, `>>`, `>>>`                           |
/// | additive       | `+`, `-`                                    |
/// | multiplicative | `*`, `/`, `%`                               |
/// | unary          | prefix `-`, `+`, `~`, `NOT`                 |
///
/// Sources, in order of authority:
/// - Microsoft Learn, "Logical operators in Azure Cosmos DB for NoSQL" (learn.microsoft.com/azure/cosmos-db/nosql/query/
///   logical-operators): NOT binds tighter than AND, which binds tighter than OR. That page and the scalar-expression
///   reference give no other precedence; the operator pages say the bitwise, ternary and coalesce operators work like
///   C# and JavaScript.
/// - The query grammar in the Azure Cosmos DB .NET SDK (github.com/Azure/azure-cosmos-dotnet-v3,
///   Microsoft.Azure.Cosmos/src/Query/Core/Parser/sql.g4) and its parser baselines
///   (ScalarExpressionSqlParserBaselineTests.Binary.xml): multiplicative > additive > relational > equality > `&` > `^`
///   > `|` > `||`; IN, LIKE and BETWEEN take operands from that level; then AND, OR; `??` and `?:` are weakest.
///   BETWEEN bounds are read at the `||` level, so `x BETWEEN 1 AND 2 AND y` is `(x BETWEEN 1 AND 2) AND y`.
/// - Where neither says anything this follows C# and JavaScript: shifts sit between additive and relational, `??` binds
///   tighter than `?:`, and `?:` nests to the right.
///
/// Prefix `NOT` exists at two levels. At the start of an operand of `AND`, `OR`, `??`, `?:` or of the whole
/// expression it is the logical operator, so `NOT a = b` is `NOT (a = b)` and `NOT a IN (1)` is `NOT (a IN (1))`.
/// Anywhere else (`a = NOT b`, `-NOT b`) it binds like `-`. The .NET SDK grammar only has the second form; the SQL
/// reading is used because the Cosmos DB documentation lists NOT with the logical operators.
enum Precedence: Int, Comparable, Sendable {
    /// `?:`; only the printer uses this level, the parser handles the conditional in `parseExpression`.
    case conditional = 0
    case coalesce
    case or
    case and
    case not
    case predicate
    case concat
    case bitwiseOr
    case bitwiseXor
    case bitwiseAnd
    case equality
    case relational
    case shift
    case additive
    case multiplicative
    case unary
    /// Atoms and postfix chains; only the printer uses this level.
    case primary

    /// The level right operands of a left-associative operator at this level are parsed at.
    var tighter: Precedence {
        Precedence(rawValue: rawValue + 1) ?? .primary
    }

    static func < (lhs: Precedence, rhs: Precedence) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The level of a binary operator, for parsing and for deciding where the printer needs parentheses.
    init(of binaryOperator: BinaryOperator) {
        self = switch binaryOperator {
        case .coalesce: .coalesce
        case .or: .or
        case .and: .and
        case .concat: .concat
        case .bitwiseOr: .bitwiseOr
        case .bitwiseXor: .bitwiseXor
        case .bitwiseAnd: .bitwiseAnd
        case .equal, .notEqual: .equality
        case .less, .lessOrEqual, .greater, .greaterOrEqual: .relational
        case .leftShift, .rightShift, .zeroFillRightShift: .shift
        case .add, .subtract: .additive
        case .multiply, .divide, .modulo: .multiplicative
        }
    }
}
