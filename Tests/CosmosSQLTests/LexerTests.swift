import Testing
@testable import CosmosSQL

@Suite("Lexer")
struct LexerTests {
    @Test("every punctuation and operator token")
    func punctuation() throws {
        let kinds = try tokens("( ) [ ] { } , . : ? ?? * / % + - ~ = != <> < <= > >= << >> >>> & | ^ ||").map(\.kind)
        let expected: [TokenKind] = [
            .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .dot, .colon,
            .question, .doubleQuestion, .star, .slash, .percent, .plus, .minus, .tilde, .equal, .notEqual, .notEqual,
            .less, .lessOrEqual, .greater, .greaterOrEqual, .leftShift, .rightShift, .zeroFillRightShift,
            .ampersand, .pipe, .caret, .doublePipe,
        ]
        #expect(kinds == expected)
    }

    @Test("operators need no surrounding spaces and use maximal munch")
    func maximalMunch() throws {
        #expect(try tokens("a>>>=b").map(\.kind) == [.identifier, .zeroFillRightShift, .equal, .identifier])
        #expect(try tokens("a<<=b").map(\.kind) == [.identifier, .leftShift, .equal, .identifier])
        #expect(try tokens("a???b").map(\.kind) == [.identifier, .doubleQuestion, .question, .identifier])
        #expect(try tokens("a|||b").map(\.kind) == [.identifier, .doublePipe, .pipe, .identifier])
        #expect(try tokens("1-1").map(\.kind) == [.number, .minus, .number])
    }

    @Test("keywords are case-insensitive, literal words are lowercase only")
    func keywords() throws {
        for keyword in Keyword.allCases where !keyword.isCaseSensitive {
            let capitalized = keyword.rawValue.prefix(1).uppercased() + keyword.rawValue.dropFirst()
            for spelling in [keyword.rawValue, keyword.rawValue.uppercased(), capitalized] {
                #expect(try tokens(spelling).map(\.kind) == [.keyword(keyword)], "\(spelling)")
            }
        }
        #expect(try tokens("true false null undefined").map(\.kind) == [
            .keyword(.true), .keyword(.false), .keyword(.null), .keyword(.undefined),
        ])
        #expect(try tokens("TRUE False NULL Undefined").map(\.kind) == [.identifier, .identifier, .identifier, .identifier])
        #expect(try tokens("udf UDF Udf").map(\.kind) == [.keyword(.udf), .keyword(.udf), .keyword(.udf)])
    }

    @Test("identifiers use letters, digits, _ and $, and keep their spelling")
    func identifiers() throws {
        let lexed = try tokens("c _ts $id a1 selected root Families x$y_2 rank")
        #expect(lexed.map(\.kind) == Array(repeating: .identifier, count: 9))
        #expect(lexed.map(\.text) == ["c", "_ts", "$id", "a1", "selected", "root", "Families", "x$y_2", "rank"])
    }

    @Test("parameters keep the @")
    func parameters() throws {
        let lexed = try tokens("@p @_x1 @$a @1")
        #expect(lexed.map(\.kind) == [.parameter, .parameter, .parameter, .parameter])
        #expect(lexed.map(\.text) == ["@p", "@_x1", "@$a", "@1"])
    }

    @Test("numbers keep their source text")
    func numbers() throws {
        let texts = ["0", "42", "1.5", "1.", ".5", "1e3", "1E-3", "2.5e+10", "0x1F", "0XfF", "007"]
        for text in texts {
            let lexed = try tokens(text)
            #expect(lexed.map(\.kind) == [.number], "\(text)")
            #expect(lexed.first?.text == text)
        }
        // A sign is never part of a number token, and `1.x` is not a number followed by a property.
        #expect(try tokens("-1").map(\.kind) == [.minus, .number])
        #expect(try tokens("1.5.x").map(\.kind) == [.number, .dot, .identifier])
    }

    @Test("single- and double-quoted strings with every escape")
    func strings() throws {
        let lexed = try tokens(#"'single' "double" 'it\'s' "say \"hi\"" "\\ \/ \b \f \n \r \t" '\u0041\u00e9' "\ud83d\ude00" ''"#)
        #expect(lexed.allSatisfy { $0.kind == .string })
        #expect(lexed.map(\.stringValue) == [
            "single", "double", "it's", "say \"hi\"", "\\ / \u{08} \u{0C} \n \r \t", "Aé", "😀", "",
        ])
        #expect(lexed.first?.text == "'single'")
        // Either quote may be escaped in either kind of string; the other quote needs no escape.
        #expect(try tokens(#""it\'s" 'say "hi"'"#).map(\.stringValue) == ["it's", "say \"hi\""])
    }

    @Test("strings may contain raw newlines, tabs and any Unicode")
    func rawStringContent() throws {
        #expect(try tokens("'a\nb\tc 日本 😀'").map(\.stringValue) == ["a\nb\tc 日本 😀"])
    }

    @Test("whitespace and -- comments are skipped")
    func comments() throws {
        #expect(try tokens("-- only a comment").isEmpty)
        #expect(try tokens("a -- comment\nb--another\r\n\tc--").map(\.text) == ["a", "b", "c"])
        #expect(try tokens("'--not a comment'").map(\.stringValue) == ["--not a comment"])
        #expect(try tokens("1 - -1").map(\.kind) == [.number, .minus, .minus, .number])
    }

    @Test("locations count lines and Unicode-scalar columns")
    func locations() throws {
        let lexed = try tokens("SELECT *\n  FROM c\r\nWHERE 'é😀' = x -- c\n\n    @p")
        let positions = lexed.map { [$0.location.line, $0.location.column] }
        #expect(positions == [[1, 1], [1, 8], [2, 3], [2, 8], [3, 1], [3, 7], [3, 12], [3, 14], [5, 5]])
        #expect(lexed.map(\.location.offset) == [0, 7, 11, 16, 19, 25, 34, 36, 48])
    }

    @Test("a string spanning lines moves later tokens to the right line")
    func multilineStringLocation() throws {
        let lexed = try tokens("'a\nbc' x")
        #expect(lexed.last?.location == SourceLocation(offset: 7, line: 2, column: 5))
    }

    @Test("unterminated strings report the opening quote")
    func unterminatedString() {
        let error = lexError("x = 'abc\ndef")
        #expect(error?.message == "unterminated string literal")
        #expect(error?.location == SourceLocation(offset: 4, line: 1, column: 5))
        #expect(error?.token == "'abc")
        #expect(lexError(#""ends with backslash\"#)?.message == "unterminated string literal")
    }

    @Test("bad escapes report the backslash")
    func badEscapes() {
        let invalid = lexError(#"'ab\qc'"#)
        #expect(invalid?.message == "invalid escape sequence in string literal")
        #expect(invalid?.location.column == 4)
        #expect(invalid?.token == #"\q"#)

        let shortUnicode = lexError(#"'\u12G4'"#)
        #expect(shortUnicode?.message == #"\u must be followed by four hexadecimal digits"#)
        #expect(shortUnicode?.token == #"\u12G"#)
        #expect(shortUnicode?.location.column == 2)
    }

    @Test("lone UTF-16 surrogates are rejected")
    func loneSurrogates() {
        for text in [#"'\ud800'"#, #"'\ud800x'"#, #"'\udc00'"#, #"'\ud800\u0041'"#, #"'\ud800\ud800'"#] {
            let error = lexError(text)
            #expect(error?.message == "unpaired UTF-16 surrogate in string literal", "\(text)")
            #expect(error?.location.column == 2)
        }
    }

    @Test("unknown characters are errors")
    func unknownCharacters() {
        for (text, character) in [("a # b", "#"), ("a ! b", "!"), ("a € b", "€"), ("a ; b", ";"), ("a \u{0} b", "\u{0}"), ("a ` b", "`")] {
            let error = lexError(text)
            #expect(error?.message == "unexpected character", "\(text)")
            #expect(error?.token == character)
            #expect(error?.location.column == 3)
        }
    }

    @Test("malformed numbers and parameters")
    func malformedNumbers() {
        #expect(lexError("1abc")?.message == "invalid number literal")
        #expect(lexError("1abc")?.token == "1abc")
        #expect(lexError("1e")?.token == "1e")
        #expect(lexError("1.5x")?.token == "1.5x")
        #expect(lexError("0x")?.message == "a hexadecimal number needs digits after '0x'")
        #expect(lexError("0xZ")?.token == "0xZ")
        #expect(lexError("@")?.message == "expected a parameter name after '@'")
        #expect(lexError("a @ b")?.location.column == 3)
    }

    @Test("very long tokens are shortened in errors")
    func longTokenQuoting() {
        let error = lexError("'" + String(repeating: "x", count: 500))
        #expect(error?.token == "'" + String(repeating: "x", count: Token.maximumQuotedLength - 1) + "...")
    }
}
