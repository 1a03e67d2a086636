import JSON
import QueryFunctions
import Testing

/// The undefined value, spelled out (a bare `nil` literal would read as JSON null in some positions).
let undefined: JSONValue? = nil

/// 2020-07-03T00:00:00Z, a fixed clock for the current-time functions.
let fixedNowMillis: Int64 = 1_593_734_400_000

/// Calls the function `name` as the evaluator would (undefined arguments short-circuit when it propagates them),
/// checking that the name resolves and the argument count is accepted.
func call(_ name: String, _ arguments: JSONValue?..., now: Int64 = fixedNowMillis) throws -> JSONValue? {
    guard let definition = FunctionLibrary.definition(named: name) else {
        Issue.record("no function named \(name)")
        return nil
    }
    #expect(definition.arity.contains(arguments.count), "\(name) does not accept \(arguments.count) arguments")
    return try definition(arguments, context: FunctionContext(nowMillis: now))
}

/// Parses JSON text for expected values.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONReader.parse(text)
    } catch {
        Issue.record("bad JSON in test: \(text)")
        return .null
    }
}

/// A number result as a `Double`.
func number(_ value: JSONValue?) -> Double? {
    value?.doubleValue
}

/// A small deterministic random generator (SplitMix64) so that randomized tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON values of every kind (nested up to `depth`), including values that compare equal across kinds.
func randomValue(_ generator: inout SeededGenerator, depth: Int = 2) -> JSONValue {
    let pick = Int.random(in: 0..<(depth > 0 ? 10 : 8), using: &generator)
    switch pick {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2: return .integer(Int64.random(in: -3...3, using: &generator))
    case 3: return .double([-1.5, -0.0, 0.5, 2.0, 3.0, 1e300, -1e300].randomElement(using: &generator) ?? 0)
    case 4: return .integer([Int64.min, Int64.max, 9_007_199_254_740_993].randomElement(using: &generator) ?? 0)
    case 5, 6: return .string(["", "a", "ab", "b", "B", "é", "😀", "a😀"].randomElement(using: &generator) ?? "")
    case 7: return .double(Double(Int64.random(in: -3...3, using: &generator)))
    case 8:
        return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in randomValue(&generator, depth: depth - 1) })
    default:
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0...3, using: &generator) {
            object.append(key: ["a", "b", "c"].randomElement(using: &generator) ?? "a", value: randomValue(&generator, depth: depth - 1))
        }
        return .object(object)
    }
}
