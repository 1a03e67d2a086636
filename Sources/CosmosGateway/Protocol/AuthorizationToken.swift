/// The fields of an `authorization` header value, `type=master&ver=1.0&sig=<base64>`, URL-encoded or not.
///
/// Decoding is lenient the way the service is: a `%` that does not start a valid escape stays as it is, keys are
/// matched without regard to case, and a space in the signature is read as `+` (some encoders turn `+` into a space;
/// base64 never contains one).
struct AuthorizationToken: Sendable, Equatable {
    /// The `type` value as sent (e.g. `master`), `nil` when absent.
    private(set) var type: [UInt8]?
    /// The `sig` value (base64 text), `nil` when absent.
    private(set) var signature: [UInt8]?

    init(headerValue: String) {
        let decoded = PercentDecoding.lenient(Array(headerValue.utf8))
        for pair in decoded.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = pair[pair.startIndex..<equals]
            let value = Array(pair[(equals + 1)...])
            if key.equalsIgnoringASCIICase("type") {
                self.type = value
            } else if key.equalsIgnoringASCIICase("sig") {
                self.signature = value.map { $0 == UInt8(ascii: " ") ? UInt8(ascii: "+") : $0 }
            }
        }
    }
}
