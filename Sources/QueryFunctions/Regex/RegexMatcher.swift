/// Runs a ``RegexProgram`` over a text by simulating its NFA (Thompson's algorithm): it advances the set of every
/// instruction the program could be at, one text scalar at a time, so nothing is ever retried. Each scalar costs at
/// most one visit per instruction, making a search O(instructions × scalars) for every pattern, however ambiguous
/// (`(a+)+$`, `(a|aa)*b`).
///
/// Only whether a match exists is computed, so no captures or priorities are tracked, and the search stops at the
/// first position where any match ends.
struct RegexMatcher {
    let program: RegexProgram

    /// The state of one search.
    private struct Scratch {
        /// For each instruction, the last text position at which it was added to a state set (to add it once).
        var lastAdded: [Int]
        /// The explicit stack that follows splits, jumps and assertions.
        var pending: [Int] = []
    }

    init(_ program: RegexProgram) {
        self.program = program
    }

    /// Whether the program matches anywhere in `scalars` (an unanchored search).
    func matchExists(in scalars: [Unicode.Scalar]) -> Bool {
        let instructions = self.program.instructions
        var scratch = Scratch(lastAdded: Array(repeating: -1, count: instructions.count))
        // The consuming instructions reached at the current position, and at the next.
        var current: [Int] = []
        var next: [Int] = []
        current.reserveCapacity(instructions.count)
        next.reserveCapacity(instructions.count)
        for position in 0...scalars.count {
            // A new attempt may start at every position unless the pattern is anchored at the start.
            if position == 0 || !self.program.isAnchoredAtStart {
                if self.addState(0, at: position, in: scalars, to: &current, &scratch) { return true }
            }
            if position == scalars.count || (current.isEmpty && self.program.isAnchoredAtStart) { return false }
            let scalar = scalars[position]
            next.removeAll(keepingCapacity: true)
            for pc in current where self.consumes(instructions[pc], scalar) {
                if self.addState(pc + 1, at: position + 1, in: scalars, to: &next, &scratch) { return true }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Whether `instruction` (a consuming one) accepts `scalar`.
    private func consumes(_ instruction: RegexProgram.Instruction, _ scalar: Unicode.Scalar) -> Bool {
        switch instruction {
        case .scalar(let expected): scalar == expected
        case .anyScalar: true
        case .characterClass(let index): self.program.classes[index].matches(scalar)
        case .assertion, .split, .jump, .match: false
        }
    }

    /// Adds to `list` every consuming instruction reachable from `start` at `position` through splits, jumps and
    /// assertions that hold there; answers `true` as soon as ``RegexProgram/Instruction/match`` is reachable.
    private func addState(_ start: Int, at position: Int, in scalars: [Unicode.Scalar], to list: inout [Int], _ scratch: inout Scratch)
        -> Bool
    {
        scratch.pending.append(start)
        while let pc = scratch.pending.popLast() {
            if scratch.lastAdded[pc] == position { continue }
            scratch.lastAdded[pc] = position
            switch self.program.instructions[pc] {
            case .scalar, .anyScalar, .characterClass:
                list.append(pc)
            case .assertion(let assertion):
                if assertion.holds(at: position, in: scalars) { scratch.pending.append(pc + 1) }
            case .split(let first, let second):
                scratch.pending.append(second)
                scratch.pending.append(first)
            case .jump(let target):
                scratch.pending.append(target)
            case .match:
                scratch.pending.removeAll(keepingCapacity: true)
                return true
            }
        }
        return false
    }
}
