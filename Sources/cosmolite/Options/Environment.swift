import ArgumentParser
import Foundation

/// Values for options that can also come from environment variables (`--port` reads `COSMOLITE_PORT`, and so on).
///
/// An unset or empty variable means "not given". A variable that is set to something the option would refuse is an
/// error that names the variable and the accepted values: a typo in a deployment's environment must stop the start,
/// not silently run with the default (the same value given as a flag is refused too).
enum EnvironmentDefault {
    static func string(_ name: String, _ fallback: String) -> String {
        self.optionalString(name) ?? fallback
    }

    static func optionalString(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The variable parsed as an option value of type `T`, `nil` when unset.
    /// - Throws: `ValidationError` naming the variable, its value and the accepted values.
    static func parsed<T: ExpressibleByArgument>(_ name: String, as type: T.Type, accepted: String? = nil) throws(ValidationError) -> T? {
        guard let text = self.optionalString(name) else { return nil }
        guard let value = T(argument: text) else {
            let expected = accepted ?? (T.allValueStrings.isEmpty ? "a valid value" : "one of " + T.allValueStrings.joined(separator: ", "))
            throw ValidationError("the environment variable \(name)='\(text)' is not valid: expected \(expected)")
        }
        return value
    }
}
