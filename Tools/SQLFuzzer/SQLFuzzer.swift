// libFuzzer entry point for the CosmosSQL parser. build.sh compiles this file together with the library sources into
// one module, so the parser is called directly (no import) and there is deliberately no main.swift: libFuzzer
// supplies `main`.

/// Parses each input as a query and as a bare expression. An input may be rejected, but the parser must not crash, and
/// whatever it accepts must survive printing: the canonical form must parse back to the same AST, and so must the fully
/// parenthesised form unless its extra parentheses exceed the nesting limit. Any violation traps so libFuzzer records it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    checkQuery(text)
    checkExpression(text)
    return 0
}

private func checkQuery(_ text: String) {
    let query: SelectQuery
    do {
        query = try SQLParser.parse(text)
    } catch {
        checkLocation(of: error, in: text)
        return
    }
    let canonical = query.formatted()
    do {
        let reparsed = try SQLParser.parse(canonical)
        guard reparsed == query else {
            fatalError("canonical form changed the AST\ninput: \(text.debugDescription)\nprinted: \(canonical.debugDescription)")
        }
    } catch {
        fatalError("canonical form does not parse: \(error)\ninput: \(text.debugDescription)\nprinted: \(canonical.debugDescription)")
    }
    let parenthesized = query.formatted(.fullyParenthesized)
    do {
        guard try SQLParser.parse(parenthesized) == query else {
            fatalError("parenthesised form changed the AST\ninput: \(text.debugDescription)\nprinted: \(parenthesized.debugDescription)")
        }
    } catch where error.message == SyntaxError.nestedTooDeeplyMessage {
        // Extra parentheses may exceed the nesting limit; only the canonical form is guaranteed to parse.
    } catch {
        fatalError("parenthesised form does not parse: \(error)\ninput: \(text.debugDescription)")
    }
}

private func checkExpression(_ text: String) {
    let expression: Expression
    do {
        expression = try SQLParser.parseExpression(text)
    } catch {
        checkLocation(of: error, in: text)
        return
    }
    let canonical = expression.formatted()
    do {
        guard try SQLParser.parseExpression(canonical) == expression else {
            fatalError("canonical expression changed the AST\ninput: \(text.debugDescription)\nprinted: \(canonical.debugDescription)")
        }
    } catch {
        fatalError("canonical expression does not parse: \(error)\ninput: \(text.debugDescription)")
    }
}

private func checkLocation(of error: SyntaxError, in text: String) {
    let location = error.location
    guard location.offset >= 0, location.offset <= text.utf8.count, location.line >= 1, location.column >= 1,
          !error.message.isEmpty else {
        fatalError("bad error location \(location) for \(text.debugDescription): \(error)")
    }
}
