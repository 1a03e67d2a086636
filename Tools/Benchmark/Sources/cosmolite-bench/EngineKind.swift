import Foundation
import ArgumentParser

/// The engines compared side by side.
enum EngineKind: String, CaseIterable, Codable, Sendable {
    /// Cosmolite through its in-process Swift API.
    case cosmolite
    /// SQLite through GRDB, parsing each event with its own JSON functions.
    case sqlite
    /// Bare LMDB with no JSON parsing: what the hardware and LMDB allow, the floor Cosmolite is measured against.
    case floor

    var displayName: String {
        switch self {
        case .cosmolite: "Cosmolite"
        case .sqlite: "SQLite"
        case .floor: "LMDB floor"
        }
    }

    /// Opens a fresh instance of this engine in `directory` (empty, owned by the caller).
    func open(in directory: String, durability: Durability) throws -> any BenchmarkEngine {
        switch self {
        case .cosmolite: try CosmoliteEngine(directory: directory, durability: durability)
        case .sqlite: try SQLiteEngine(directory: directory, durability: durability)
        case .floor: try LMDBFloorEngine(directory: directory, durability: durability)
        }
    }
}

/// Which engines a run measures, from `--engines cosmolite,sqlite,floor`.
struct EngineSelection: ExpressibleByArgument, Sendable {
    let kinds: [EngineKind]

    static let all = EngineSelection(kinds: EngineKind.allCases)

    private init(kinds: [EngineKind]) {
        self.kinds = kinds
    }

    init?(argument: String) {
        var kinds: [EngineKind] = []
        for name in argument.split(separator: ",") {
            guard let kind = EngineKind(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        guard !kinds.isEmpty else { return nil }
        // Always the table's column order, whatever order the user typed.
        self.kinds = EngineKind.allCases.filter(kinds.contains)
    }

    var defaultValueDescription: String {
        self.kinds.map(\.rawValue).joined(separator: ",")
    }

    func contains(_ kind: EngineKind) -> Bool {
        self.kinds.contains(kind)
    }
}

/// When an engine acknowledges a commit.
enum Durability: String, CaseIterable, Codable, Sendable {
    /// Synced to disk before the commit returns (Cosmolite `.durable`, SQLite `synchronous=FULL`, LMDB default).
    case durable
    /// Handed to the OS only (Cosmolite `.relaxed`, SQLite `synchronous=NORMAL`, LMDB `MDB_NOSYNC`).
    case relaxed
}
