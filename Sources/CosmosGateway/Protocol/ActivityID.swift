import Synchronization

/// Activity ids for answers whose request carried none: GUID-shaped, unique within the process and across restarts.
///
/// A random 64-bit prefix drawn at start and a counter replace `UUID()` per request, which drew from the system's
/// random source and formatted through Foundation on every request.
enum ActivityID {
    private static let prefix = UInt64.random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(UInt64.random(in: 0 ..< 1 << 40))

    /// The next id, `xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx` in lower-case hex (version 4 and variant bits set).
    static func next() -> String {
        let sequence = Self.counter.add(1, ordering: .relaxed).newValue
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: Self.prefix >> (56 - 8 * index))
            bytes[8 + index] = UInt8(truncatingIfNeeded: sequence >> (56 - 8 * index))
        }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
