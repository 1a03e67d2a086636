/// Databases and containers.
extension DocumentStore {
    /// Creates a database; `throughput` is shared by its containers that are created without one of their own.
    @discardableResult
    public func createDatabase(_ id: String, throughput: Throughput? = nil) throws -> DatabaseProperties {
        try self.perform { transaction, session in try session.createDatabase(id, throughput: throughput, in: transaction) }
    }

    @discardableResult
    public func createDatabase(_ id: String, throughput: Throughput? = nil) async throws -> DatabaseProperties {
        try await self.perform { transaction, session in try session.createDatabase(id, throughput: throughput, in: transaction) }
    }

    /// Changes the shared throughput of a database that has one.
    /// - Throws: ``StoreError`` `notFound` when the database does not exist or has no throughput of its own.
    @discardableResult
    public func replaceThroughput(ofDatabase id: String, with throughput: Throughput) async throws -> DatabaseProperties {
        try await self.perform { transaction, session in try session.replaceThroughput(ofDatabase: id, with: throughput, in: transaction) }
    }

    /// Deletes a database and all its containers.
    public func deleteDatabase(_ id: String) throws {
        try self.perform { transaction, session in try session.deleteDatabase(id, in: transaction) }
        self.sweeperShouldPurge()
    }

    public func deleteDatabase(_ id: String) async throws {
        try await self.perform { transaction, session in try session.deleteDatabase(id, in: transaction) }
        self.sweeperShouldPurge()
    }

    public func database(_ id: String) throws -> DatabaseProperties? {
        try self.read { $0.catalog.database(id) }
    }

    public func databases() throws -> [DatabaseProperties] {
        try self.read { $0.catalog.allDatabases }
    }

    /// Creates a container and returns a handle to it.
    @discardableResult
    public func createContainer(_ definition: ContainerDefinition, in database: String) throws -> Container {
        Container(store: self, properties: try self.perform { transaction, session in
            try session.createContainer(definition, in: database, transaction: transaction)
        })
    }

    @discardableResult
    public func createContainer(_ definition: ContainerDefinition, in database: String) async throws -> Container {
        Container(store: self, properties: try await self.perform { transaction, session in
            try session.createContainer(definition, in: database, transaction: transaction)
        })
    }

    /// Replaces a container's definition (see ``ContainerDefinition``: indexing policy and `defaultTtl` may change).
    @discardableResult
    public func replaceContainer(_ definition: ContainerDefinition, in database: String, condition: WriteCondition = .none) throws -> Container {
        Container(store: self, properties: try self.perform { transaction, session in
            try session.replaceContainer(definition, in: database, condition: condition, transaction: transaction)
        })
    }

    @discardableResult
    public func replaceContainer(
        _ definition: ContainerDefinition,
        in database: String,
        condition: WriteCondition = .none
    ) async throws -> Container {
        Container(store: self, properties: try await self.perform { transaction, session in
            try session.replaceContainer(definition, in: database, condition: condition, transaction: transaction)
        })
    }

    /// Deletes a container. It disappears at once; its data is removed in the background.
    public func deleteContainer(_ id: String, in database: String) throws {
        try self.perform { transaction, session in try session.deleteContainer(id, in: database, transaction: transaction) }
        self.sweeperShouldPurge()
    }

    public func deleteContainer(_ id: String, in database: String) async throws {
        try await self.perform { transaction, session in try session.deleteContainer(id, in: database, transaction: transaction) }
        self.sweeperShouldPurge()
    }

    /// A handle to an existing container.
    /// - Throws: ``StoreError`` `notFound` when the database or container does not exist.
    public func container(_ id: String, in database: String) throws -> Container {
        guard let properties = try self.read({ $0.catalog.container(id, in: database) }) else {
            throw StoreError(.notFound, "container '\(id)' does not exist in database '\(database)'")
        }
        return Container(store: self, properties: properties)
    }

    /// The containers of a database, ordered by id.
    public func containers(in database: String) throws -> [ContainerProperties] {
        try self.read { snapshot in
            guard snapshot.catalog.database(database) != nil else {
                throw StoreError(.notFound, "database '\(database)' does not exist")
            }
            return snapshot.catalog.containers(in: database)
        }
    }
}
