/// Turns a ``RegexNode`` tree into a ``RegexProgram`` by Thompson's construction. Counted repetition is expanded
/// (`x{2,4}` becomes `xx(x(x)?)?`), so the program's size is checked against
/// ``RegexProgram/maximumInstructionCount`` before anything is emitted.
struct RegexCompiler {
    private var instructions: [RegexProgram.Instruction] = []
    private var classes: [RegexCharacterClass] = []
    private var classIndex: [RegexCharacterClass: Int] = [:]

    static func compile(_ node: RegexNode) throws(RegexSyntaxError) -> RegexProgram {
        let size = Self.size(of: node) + 1
        guard size <= RegexProgram.maximumInstructionCount else {
            throw RegexSyntaxError(
                "The regular expression is too large: it compiles to more than \(RegexProgram.maximumInstructionCount) "
                    + "instructions (counted repetitions are expanded)"
            )
        }
        var compiler = RegexCompiler()
        compiler.instructions.reserveCapacity(size)
        compiler.emit(node)
        compiler.append(.match)
        return RegexProgram(
            instructions: compiler.instructions,
            classes: compiler.classes,
            isAnchoredAtStart: Self.isAnchoredAtStart(node)
        )
    }

    /// The number of instructions `node` compiles to, saturating just past the limit.
    private static func size(of node: RegexNode) -> Int {
        let cap = RegexProgram.maximumInstructionCount + 1
        func capped(_ value: Int) -> Int { min(value, cap) }
        switch node {
        case .empty:
            return 0
        case .characterClass, .assertion:
            return 1
        case .concatenation(let nodes):
            return nodes.reduce(0) { capped($0 + Self.size(of: $1)) }
        case .alternation(let branches):
            return branches.reduce(2 * (branches.count - 1)) { capped($0 + Self.size(of: $1)) }
        case .repetition(let inner, let minimum, let maximum):
            let body = Self.size(of: inner)
            guard let maximum else {
                return minimum == 0 ? capped(body + 2) : capped(minimum * body + 1)
            }
            return capped(maximum * body + (maximum - minimum))
        }
    }

    /// Whether every match of `node` must start at the start of the text.
    private static func isAnchoredAtStart(_ node: RegexNode) -> Bool {
        switch node {
        case .assertion(let assertion):
            return assertion == .startOfText
        case .concatenation(let nodes):
            return nodes.first.map(Self.isAnchoredAtStart) ?? false
        case .alternation(let branches):
            return branches.allSatisfy(Self.isAnchoredAtStart)
        case .repetition(let inner, let minimum, _):
            return minimum > 0 && Self.isAnchoredAtStart(inner)
        case .empty, .characterClass:
            return false
        }
    }

    @discardableResult
    private mutating func append(_ instruction: RegexProgram.Instruction) -> Int {
        self.instructions.append(instruction)
        return self.instructions.count - 1
    }

    private mutating func emit(_ node: RegexNode) {
        switch node {
        case .empty:
            break
        case .characterClass(let characterClass):
            if let scalar = characterClass.singleScalar {
                self.append(.scalar(scalar))
            } else if characterClass.acceptsEverything {
                self.append(.anyScalar)
            } else {
                let index = self.classIndex[characterClass] ?? self.classes.count
                if index == self.classes.count {
                    self.classes.append(characterClass)
                    self.classIndex[characterClass] = index
                }
                self.append(.characterClass(index))
            }
        case .assertion(let assertion):
            self.append(.assertion(assertion))
        case .concatenation(let nodes):
            for node in nodes { self.emit(node) }
        case .alternation(let branches):
            // split(L1, next); L1: branch; jump end; next: split(L2, next2) ... last branch; end:
            var jumps: [Int] = []
            for branch in branches.dropLast() {
                let split = self.append(.split(0, 0))
                self.emit(branch)
                jumps.append(self.append(.jump(0)))
                self.instructions[split] = .split(split + 1, self.instructions.count)
            }
            if let last = branches.last { self.emit(last) }
            for jump in jumps { self.instructions[jump] = .jump(self.instructions.count) }
        case .repetition(let inner, let minimum, let maximum):
            self.emitRepetition(inner, minimum: minimum, maximum: maximum)
        }
    }

    private mutating func emitRepetition(_ inner: RegexNode, minimum: Int, maximum: Int?) {
        guard let maximum else {
            if minimum == 0 {
                // loop: split(body, end); body; jump loop; end:
                let split = self.append(.split(0, 0))
                self.emit(inner)
                self.append(.jump(split))
                self.instructions[split] = .split(split + 1, self.instructions.count)
            } else {
                // (minimum - 1) copies, then body: inner; split(body, end)
                for _ in 1..<minimum { self.emit(inner) }
                let body = self.instructions.count
                self.emit(inner)
                self.append(.split(body, self.instructions.count + 1))
            }
            return
        }
        for _ in 0..<minimum { self.emit(inner) }
        // Each optional copy may be skipped, which skips the copies after it too: split(copy, end); copy; ...
        var splits: [Int] = []
        for _ in minimum..<maximum {
            splits.append(self.append(.split(0, 0)))
            self.emit(inner)
        }
        for split in splits { self.instructions[split] = .split(split + 1, self.instructions.count) }
    }
}
