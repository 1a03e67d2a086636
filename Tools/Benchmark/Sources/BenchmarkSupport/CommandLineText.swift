/// The command line as typed, for report headers: a table is only worth keeping if it says how to reproduce it.
public enum CommandLineText {
    /// The arguments joined with spaces, quoted where the shell would need it.
    public static var current: String {
        CommandLine.arguments.map { argument in
            argument.allSatisfy { $0.isLetter || $0.isNumber || "-_.,/=:".contains($0) } ? argument : "'" + argument + "'"
        }.joined(separator: " ")
    }
}
