/// The over-the-wire targets of issue 4 and performance.md, each checked on one measured number.
enum HTTPTarget: String, Codable, Sendable {
    /// Durable single-document upserts from 32 concurrent clients: at least 10,000 events/s.
    case singleUpserts
    /// Point read over loopback: p99 under 1 ms.
    case pointReadP99
    /// A 100-row query over loopback: p99 under 5 ms.
    case queryP99
    /// Start-up to ready with 1,000,000 documents: under 1 s.
    case startup
    /// Idle CPU: zero (no run time at all while idle).
    case idleCPU

    var text: String {
        switch self {
        case .singleUpserts: "≥ 10,000 events/s"
        case .pointReadP99: "p99 < 1 ms"
        case .queryP99: "p99 < 5 ms"
        case .startup: "< 1 s"
        case .idleCPU: "0 CPU ms"
        }
    }

    /// Whether `value` (in the unit of the row the target belongs to: events/s, µs, ms, s, CPU ms) meets it.
    func isMet(by value: Double) -> Bool {
        switch self {
        case .singleUpserts: value >= 10_000
        case .pointReadP99: value < 1_000
        case .queryP99: value < 5
        case .startup: value < 1
        case .idleCPU: value == 0
        }
    }
}
