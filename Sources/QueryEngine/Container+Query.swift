public import DocumentStore
public import JSON

/// Cosmos DB SQL over a container.
extension Container {
    /// Runs one page of `text` (a `SELECT` query) in one read snapshot.
    ///
    /// ```swift
    /// let page = try events.query(
    ///     "SELECT * FROM c WHERE c.epoch >= @start AND c.sender = 'python_kafka_sdk'",
    ///     options: QueryOptions(parameters: ["@start": 1593099980], maxItemCount: 100)
    /// )
    /// ```
    /// - Throws: ``QueryError`` for syntax errors (with line and column), unsupported constructs, unknown functions,
    ///   missing parameters and invalid continuation tokens; ``StoreError`` when the container no longer exists.
    public func query(_ text: String, options: QueryOptions = QueryOptions()) throws -> QueryPage {
        let number = self.properties.number
        return try self.store.read { snapshot in
            let container = try snapshot.currentContainer(number)
            return try QueryExecutor(text: text, options: options, container: container).run(in: snapshot)
        }
    }

    /// Runs one page on one of the store's reader threads.
    public func query(_ text: String, options: QueryOptions = QueryOptions()) async throws -> QueryPage {
        let number = self.properties.number
        return try await self.store.read { snapshot in
            let container = try snapshot.currentContainer(number)
            return try QueryExecutor(text: text, options: options, container: container).run(in: snapshot)
        }
    }

    /// Every row of `text`, following continuations page by page.
    public func queryAll(_ text: String, options: QueryOptions = QueryOptions()) throws -> [JSONValue] {
        var options = options
        var values: [JSONValue] = []
        repeat {
            let page = try self.query(text, options: options)
            values += page.values
            options.continuation = page.continuation
        } while options.continuation != nil
        return values
    }

    /// The plan the first page of `text` would use, without returning rows.
    public func explain(_ text: String, options: QueryOptions = QueryOptions()) throws -> QueryPlan {
        var options = options
        options.maxItemCount = 1
        options.continuation = nil
        return try self.query(text, options: options).plan
    }
}
