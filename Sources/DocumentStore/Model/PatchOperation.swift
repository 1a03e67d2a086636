public import JSON

/// One operation of a partial document update, as the Cosmos patch API defines them. Paths are JSON Pointers
/// (`/a/b/0`, `-` for the end of an array).
///
/// - `add`: sets an object member (creating it) or inserts into an array at an index (or appends at `-`).
/// - `set`: sets an object member (creating it) or replaces an array element.
/// - `replace`: replaces an existing member or element; the path must exist.
/// - `remove`: removes an existing member or element; the path must exist.
/// - `increment`: adds a number to a numeric member (creating it with the value when missing).
/// - `move`: removes the value at `from` and adds it at `path`; `from` must exist.
///
/// The parent of the target must exist, and `id` and the partition key paths cannot be changed.
public enum PatchOperation: Sendable, Hashable {
    case add(path: String, value: JSONValue)
    case set(path: String, value: JSONValue)
    case replace(path: String, value: JSONValue)
    case remove(path: String)
    case increment(path: String, value: JSONValue)
    case move(from: String, path: String)

    /// Reads one operation in the wire form `{"op": "add", "path": "/a", "value": 1}`.
    public init(json: JSONValue) throws(StoreError) {
        guard case .string(let op)? = json["op"], case .string(let path)? = json["path"] else {
            throw StoreError(.badRequest, "a patch operation needs \"op\" and \"path\" strings")
        }
        func value() throws(StoreError) -> JSONValue {
            guard let value = json["value"] else {
                throw StoreError(.badRequest, "the patch operation \(op) on \(path) needs a \"value\"")
            }
            return value
        }
        switch op.lowercased() {
        case "add": self = .add(path: path, value: try value())
        case "set": self = .set(path: path, value: try value())
        case "replace": self = .replace(path: path, value: try value())
        case "remove": self = .remove(path: path)
        case "incr", "increment":
            let amount = try value()
            guard amount.isNumber else {
                throw StoreError(.badRequest, "the increment of \(path) must be a number, not \(amount)")
            }
            self = .increment(path: path, value: amount)
        case "move":
            guard case .string(let from)? = json["from"] else {
                throw StoreError(.badRequest, "the patch operation move to \(path) needs a \"from\" path")
            }
            self = .move(from: from, path: path)
        default:
            throw StoreError(.badRequest, "unknown patch operation \"\(op)\" (expected add, set, replace, remove, incr or move)")
        }
    }

    var targetPaths: [String] {
        switch self {
        case .add(let path, _), .set(let path, _), .replace(let path, _), .remove(let path), .increment(let path, _): [path]
        case .move(let from, let path): [from, path]
        }
    }

    /// Applies the operations in order to a document body.
    /// - Parameter protectedPaths: JSON Pointers that may not be touched (`/id` and the partition key paths).
    public static func apply(_ operations: [PatchOperation], to document: JSONValue, protectedPaths: [String]) throws(StoreError) -> JSONValue {
        guard !operations.isEmpty else {
            throw StoreError(.badRequest, "a patch needs at least one operation")
        }
        guard operations.count <= 10 else {
            throw StoreError(.badRequest, "a patch may have at most 10 operations, got \(operations.count)")
        }
        var result = document
        for operation in operations {
            for path in operation.targetPaths where protectedPaths.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
                throw StoreError(.badRequest, "the patch cannot change \(path): the id and the partition key are fixed")
            }
            switch operation {
            case .add(let path, let value):
                try Self.update(&result, at: try Self.pointer(path), value: value, mode: .add)
            case .set(let path, let value):
                try Self.update(&result, at: try Self.pointer(path), value: value, mode: .set)
            case .replace(let path, let value):
                try Self.update(&result, at: try Self.pointer(path), value: value, mode: .replace)
            case .remove(let path):
                try Self.update(&result, at: try Self.pointer(path), value: nil, mode: .remove)
            case .increment(let path, let amount):
                let tokens = try Self.pointer(path)
                let current = Self.value(at: tokens, in: result)
                let sum: JSONValue
                switch (current, amount) {
                case (nil, _):
                    sum = amount
                case (.integer(let a)?, .integer(let b)):
                    let (total, overflow) = a.addingReportingOverflow(b)
                    sum = overflow ? .double(Double(a) + Double(b)) : .integer(total)
                case (let number?, _) where number.isNumber:
                    sum = .double((number.doubleValue ?? 0) + (amount.doubleValue ?? 0))
                default:
                    throw StoreError(.badRequest, "cannot increment \(path): it holds \(current!), not a number")
                }
                try Self.update(&result, at: tokens, value: sum, mode: .set)
            case .move(let from, let path):
                let source = try Self.pointer(from)
                guard let moved = Self.value(at: source, in: result) else {
                    throw StoreError(.badRequest, "cannot move from \(from): nothing is there")
                }
                try Self.update(&result, at: source, value: nil, mode: .remove)
                try Self.update(&result, at: try Self.pointer(path), value: moved, mode: .add)
            }
        }
        return result
    }

    // MARK: JSON Pointer

    private enum Mode { case add, set, replace, remove }

    /// The reference tokens of a JSON Pointer (RFC 6901: `~1` is `/`, `~0` is `~`).
    private static func pointer(_ path: String) throws(StoreError) -> [String] {
        guard path.hasPrefix("/"), path.count > 1 else {
            throw StoreError(.badRequest, "invalid patch path '\(path)': expected a JSON Pointer such as /a/b")
        }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacingOccurrences("~1", with: "/").replacingOccurrences("~0", with: "~")
        }
    }

    private static func value(at tokens: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(token), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    private static func update(_ target: inout JSONValue, at tokens: [String], value: JSONValue?, mode: Mode) throws(StoreError) {
        let path = "/" + tokens.joined(separator: "/")
        guard let token = tokens.first else { return }
        let rest = Array(tokens.dropFirst())
        switch target {
        case .object(var object):
            if rest.isEmpty {
                let exists = object[token] != nil
                switch mode {
                case .add, .set:
                    object[token] = value
                case .replace:
                    guard exists else { throw StoreError(.badRequest, "cannot replace \(path): nothing is there") }
                    object[token] = value
                case .remove:
                    guard exists else { throw StoreError(.badRequest, "cannot remove \(path): nothing is there") }
                    object[token] = nil
                }
            } else {
                guard var child = object[token] else {
                    throw StoreError(.badRequest, "cannot change \(path): its parent does not exist")
                }
                try self.update(&child, at: rest, value: value, mode: mode)
                object[token] = child
            }
            target = .object(object)
        case .array(var array):
            if rest.isEmpty {
                if token == "-" {
                    guard mode == .add || mode == .set, let value else {
                        throw StoreError(.badRequest, "'-' (the end of an array) can only be added to: \(path)")
                    }
                    array.append(value)
                } else {
                    guard let index = Int(token), index >= 0 else {
                        throw StoreError(.badRequest, "invalid array index in \(path)")
                    }
                    switch mode {
                    case .add:
                        guard index <= array.count, let value else { throw StoreError(.badRequest, "array index out of range in \(path)") }
                        array.insert(value, at: index)
                    case .set, .replace:
                        guard index < array.count, let value else { throw StoreError(.badRequest, "array index out of range in \(path)") }
                        array[index] = value
                    case .remove:
                        guard index < array.count else { throw StoreError(.badRequest, "cannot remove \(path): nothing is there") }
                        array.remove(at: index)
                    }
                }
            } else {
                guard let index = Int(token), array.indices.contains(index) else {
                    throw StoreError(.badRequest, "cannot change \(path): its parent does not exist")
                }
                try self.update(&array[index], at: rest, value: value, mode: mode)
            }
            target = .array(array)
        default:
            throw StoreError(.badRequest, "cannot change \(path): its parent is not an object or array")
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard self.contains(target) else { return self }
        return self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
