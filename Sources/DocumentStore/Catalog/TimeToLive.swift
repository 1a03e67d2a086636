public import JSON

/// Time-to-live rules, as the service applies them.
///
/// - Container `defaultTtl`: absent/`nil` = TTL off (item `ttl` is stored but ignored); `-1` = on, items never expire
///   unless they carry their own `ttl`; `n > 0` = items expire `n` seconds after their last write. `0` and values
///   below `-1` are rejected.
/// - Item `ttl`: `-1` = never; `n > 0` = `n` seconds after the last write, overriding the default either way. With
///   TTL on, `0`, `null`, values below `-1` and non-integers are rejected.
/// - An item expires at its last write time plus its effective TTL; from then on it is treated as deleted.
public enum TimeToLive {
    /// Checks a container default; answers the value to store.
    public static func validateDefault(_ value: Int?) throws(StoreError) {
        guard let value else { return }
        if value == 0 || value < -1 {
            throw StoreError(.badRequest, "defaultTtl must be -1 (on, no default expiry) or a positive number of seconds; got \(value)")
        }
    }

    /// Reads and checks the `ttl` property of a document body; answers the item TTL to remember (or `nil`).
    public static func itemTimeToLive(_ value: JSONValue?, containerDefault: Int?) throws(StoreError) -> Int32? {
        guard let value else { return nil }
        let enabled = containerDefault != nil
        guard let integer = value.integerValue, let seconds = Int32(exactly: integer) else {
            if enabled {
                throw StoreError(.badRequest, "the document's ttl must be -1 or a positive whole number of seconds; got \(value)")
            }
            return nil
        }
        if seconds == 0 || seconds < -1 {
            if enabled {
                throw StoreError(.badRequest, "the document's ttl must be -1 or a positive whole number of seconds; got \(seconds)")
            }
            return nil
        }
        return seconds
    }

    /// The TTL that applies, in seconds, or `nil` when the item never expires.
    @inline(__always)
    public static func effective(itemTimeToLive: Int32?, containerDefault: Int?) -> Int? {
        guard let containerDefault else { return nil }
        if let itemTimeToLive {
            return itemTimeToLive == -1 ? nil : Int(itemTimeToLive)
        }
        return containerDefault == -1 ? nil : containerDefault
    }

    /// The instant (milliseconds since 1970) the item expires, or `nil` when it never does.
    @inline(__always)
    public static func expiry(writtenAtMillis: Int64, itemTimeToLive: Int32?, containerDefault: Int?) -> Int64? {
        guard let seconds = self.effective(itemTimeToLive: itemTimeToLive, containerDefault: containerDefault) else {
            return nil
        }
        return writtenAtMillis + Int64(seconds) * 1000
    }
}
