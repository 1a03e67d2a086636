public import DocumentStore
import Foundation

/// Opens a store in a fresh temporary directory for the duration of `body`, then closes and removes it.
public func withTemporaryStore<R>(
    configuration: StoreConfiguration = StoreConfiguration(durability: .relaxed, initialMapSize: 64 << 20),
    _ body: (DocumentStore) throws -> R
) throws -> R {
    try withTemporaryDirectory { path in
        let store = try DocumentStore(path: path, configuration: configuration)
        defer { store.close() }
        return try body(store)
    }
}

/// The async flavour of ``withTemporaryStore(configuration:_:)``.
public func withTemporaryStore<R>(
    configuration: StoreConfiguration = StoreConfiguration(durability: .relaxed, initialMapSize: 64 << 20),
    _ body: (DocumentStore) async throws -> R
) async throws -> R {
    try await withTemporaryDirectory { path in
        let store = try DocumentStore(path: path, configuration: configuration)
        defer { store.close() }
        return try await body(store)
    }
}

/// A database "db" with one container "c" partitioned on `/pk` (or as `definition` says).
public func makeContainer(
    in store: DocumentStore,
    _ definition: ContainerDefinition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
) throws -> Container {
    if try store.database("db") == nil {
        try store.createDatabase("db")
    }
    return try store.createContainer(definition, in: "db")
}
