@testable import HTTPDates
import Foundation
import Testing

/// The hand-written `x-ms-date` formatter must agree with Foundation's RFC 1123 formatting everywhere, since a date the
/// server reads differently fails the signature check.
@Suite("x-ms-date formatting")
struct HTTPDateTests {
    static func foundation(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    @Test("known instants: the epoch, a leap day, the last second before the epoch, a day in 2025")
    func knownInstants() {
        #expect(HTTPDate.string(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.string(secondsSince1970: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.string(secondsSince1970: -1) == "Wed, 31 Dec 1969 23:59:59 GMT")
        #expect(HTTPDate.string(secondsSince1970: 1_763_711_052) == "Fri, 21 Nov 2025 07:44:12 GMT")
        #expect(HTTPDate.string(secondsSince1970: 4_133_980_799) == "Fri, 31 Dec 2100 23:59:59 GMT")
    }

    @Test("agrees with DateFormatter around every 1 January and 1 March from 1901 to 2199, and at random instants")
    func agreesWithFoundation() {
        var mismatches: [String] = []
        var generator = SystemRandomNumberGenerator()
        // Around year and February/March boundaries (leap rules), plus random instants.
        var instants: [Int64] = []
        for year in stride(from: 1901, through: 2199, by: 1) {
            var components = DateComponents(timeZone: TimeZone(identifier: "GMT"), year: year, month: 3, day: 1)
            let calendar = Calendar(identifier: .gregorian)
            if let march = calendar.date(from: components) {
                let second = Int64(march.timeIntervalSince1970)
                instants += [second - 1, second, second - 86_400]
            }
            components.month = 1
            if let january = calendar.date(from: components) {
                let second = Int64(january.timeIntervalSince1970)
                instants += [second - 1, second]
            }
        }
        for _ in 0..<2000 { instants.append(Int64.random(in: -2_000_000_000...7_000_000_000, using: &generator)) }
        for second in instants where HTTPDate.string(secondsSince1970: second) != Self.foundation(second) {
            mismatches.append("\(second): \(HTTPDate.string(secondsSince1970: second)) vs \(Self.foundation(second))")
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("now() is the current second")
    func now() {
        let before = Int64(Date().timeIntervalSince1970.rounded(.down))
        let text = HTTPDate.now()
        let after = Int64(Date().timeIntervalSince1970.rounded(.down))
        #expect((before...after).map { HTTPDate.string(secondsSince1970: $0) }.contains(text))
        #expect(HTTPDate.now() == HTTPDate.now() || before != after)
    }
}

@Suite("RFC 1123 parsing")
struct HTTPDateParsingTests {
    @Test("parse inverts string(secondsSince1970:)")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        let instants: [Int64] = [0, -1, 951_782_400, 1_763_711_052, 4_133_980_799]
            + (0..<2000).map { _ in Int64.random(in: -2_000_000_000...7_000_000_000, using: &generator) }
        for second in instants {
            #expect(HTTPDate.parse(HTTPDate.string(secondsSince1970: second)) == second * 1000, "\(second)")
        }
    }

    @Test("case does not matter; anything else is nil")
    func lenientCaseStrictShape() {
        #expect(HTTPDate.parse("fri, 21 NOV 2025 07:44:12 gmt") == 1_763_711_052_000)
        for text in ["", "Fri, 21 Nov 2025 07:44:12", "Fri, 32 Nov 2025 07:44:12 GMT", "Fri, 21 Nox 2025 07:44:12 GMT",
                     "Fri, 21 Nov 2025 24:00:00 GMT", "Fri, 21 Nov 2025 07:44 GMT", "Fri, 21 Nov year 07:44:12 GMT"] {
            #expect(HTTPDate.parse(text) == nil, "\(text)")
        }
    }
}
