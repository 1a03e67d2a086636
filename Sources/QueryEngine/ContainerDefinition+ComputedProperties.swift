public import DocumentStore

extension ContainerDefinition {
    /// Checks the queries of the computed properties (the store checks only their names), so that a container is
    /// never created or replaced with a property that every query naming it would then fail on.
    public func validateComputedProperties() throws(QueryError) {
        _ = try ComputedPropertyExpansion(self.computedProperties)
    }
}
