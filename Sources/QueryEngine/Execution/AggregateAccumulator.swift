import JSON
import QueryFunctions

/// Running state of one aggregate over a group's rows.
///
/// - COUNT counts defined values.
/// - SUM and AVG skip undefined values but are undefined as a whole once any value is a string, boolean, null,
///   array or object; they stay integral while every input is an integer and the sum fits.
/// - MIN and MAX skip undefined values and compare with the language's type order (null < booleans < numbers <
///   strings < arrays < objects).
/// - Over no values, COUNT is 0 and the others are undefined.
struct AggregateAccumulator: Sendable {
    let kind: AggregateKind
    private var count: Int64 = 0
    private var integerSum: Int64 = 0
    private var doubleSum: Double = 0
    private var integral = true
    private var invalid = false
    private var extreme: JSONValue?

    init(kind: AggregateKind) {
        self.kind = kind
    }

    mutating func add(_ value: JSONValue?) {
        guard let value else { return }
        switch self.kind {
        case .count:
            self.count += 1
        case .sum, .average:
            self.count += 1
            switch value {
            case .integer(let integer):
                if self.integral {
                    let (sum, overflow) = self.integerSum.addingReportingOverflow(integer)
                    if overflow {
                        self.integral = false
                        self.doubleSum = Double(self.integerSum) + Double(integer)
                    } else {
                        self.integerSum = sum
                    }
                } else {
                    self.doubleSum += Double(integer)
                }
            case .double(let double):
                if self.integral {
                    self.integral = false
                    self.doubleSum = Double(self.integerSum)
                }
                self.doubleSum += double
            default:
                self.invalid = true
            }
        case .minimum:
            if self.extreme == nil || QueryValueOrdering.compare(value, self.extreme) < 0 { self.extreme = value }
        case .maximum:
            if self.extreme == nil || QueryValueOrdering.compare(value, self.extreme) > 0 { self.extreme = value }
        }
    }

    func result() -> JSONValue? {
        switch self.kind {
        case .count:
            return .integer(self.count)
        case .sum:
            guard !self.invalid, self.count > 0 else { return nil }
            return self.integral ? .integer(self.integerSum) : Evaluator.normalize(.double(self.doubleSum))
        case .average:
            guard !self.invalid, self.count > 0 else { return nil }
            let total = self.integral ? Double(self.integerSum) : self.doubleSum
            return Evaluator.normalize(.double(total / Double(self.count)))
        case .minimum, .maximum:
            return self.extreme
        }
    }
}
