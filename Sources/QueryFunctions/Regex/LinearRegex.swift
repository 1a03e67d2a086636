/// A `RegexMatch` pattern compiled for the linear-time matcher: parsed by ``RegexParser``, compiled by
/// ``RegexCompiler`` and run by ``RegexMatcher``, so a search costs O(pattern × text) however the pattern is written.
///
/// The syntax is the subset of PCRE (and .NET) that needs no backtracking, matched over Unicode scalars:
/// - literals; escapes `\t \n \r \f \e \a`, `\xHH`, `\x{H...}`, `\uHHHH`, `\0`, `\0oo`, `\o{...}`, `\cX`, and `\` before
///   any scalar that is not an ASCII letter or digit (the scalar itself); `\Q...\E` quoting;
/// - `.` (any scalar but the line feed, or any with `s`), `\N` (any but the line feed);
/// - classes `[abc]`, `[a-z]`, `[^...]` with escapes (and `\b` as backspace), `\d \w \s` and their negations
///   (ASCII: `[0-9]`, `[A-Za-z0-9_]`, `[\t\n\v\f\r ]`), `\h \v \H \V`, POSIX classes such as `[[:alpha:]]` (ASCII);
/// - anchors `^ $ \A \z \Z`, word boundaries `\b \B` (ASCII word scalars); the line feed is the only newline;
/// - alternation `|`; groups `( )`, `(?: )`, named `(?<name> )`, `(?'name' )`, `(?P<name> )` and `(?| )`, all of which
///   only group; comments `(?#...)`;
/// - inline options `(?imsx-imsx)` (for the rest of the enclosing group) and `(?imsx-imsx: )`, and `(?^)`;
/// - quantifiers `* + ? {n} {n,} {n,m} {,m}` and their lazy forms (`*?`), which match where the greedy forms do
///   (only whether a match exists is asked). Counts are at most 1,000, groups nest at most 100 deep, and the
///   compiled program has at most 10,000 instructions, so compiling is cheap and a search costs at most
///   10,000 steps per text scalar.
///
/// Refused with an error naming the construct, because they need a backtracking matcher (whose running time can
/// grow exponentially with the text): backreferences (`\1`, `\k<name>`, `\g{1}`, `(?P=name)`), lookahead and
/// lookbehind (`(?=`, `(?!`, `(?<=`, `(?<!`), atomic groups (`(?>`) and possessive quantifiers (`*+`), recursion and
/// subroutine calls (`(?R)`, `(?1)`, `(?&name)`), conditionals (`(?(`), and verbs (`(*SKIP)`). Also refused: Unicode
/// properties (`\p{L}`), `\R`, `\X`, `\G`, `\K`, `\C`.
///
/// Modifiers: `i` (simple case folding per scalar, ``RegexCaseFolding``), `m` (`^`/`$` at line feeds), `s` (`.`
/// matches the line feed), `x` (unescaped white space and `#` comments outside classes are ignored).
struct LinearRegex: Sendable, Hashable {
    let program: RegexProgram

    /// Compiles `pattern`; `modifiers` holds letters from `imsx` (repeats allowed).
    init(pattern: String, modifiers: String = "") throws(RegexSyntaxError) {
        var options = RegexParser.Options()
        for (offset, letter) in modifiers.unicodeScalars.enumerated() where !options.set(letter, to: true) {
            throw RegexSyntaxError(
                "Invalid regular expression modifier '\(letter)'; the supported modifiers are i, m, s and x", at: offset)
        }
        self.program = try RegexCompiler.compile(try RegexParser.parse(pattern, options: options))
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        RegexMatcher(self.program).matchExists(in: Array(text.unicodeScalars))
    }
}
