/// One `key: value` pair of an object literal; members keep their source order.
public struct ObjectMember: Sendable, Hashable {
    public var key: String
    public var value: Expression

    public init(key: String, value: Expression) {
        self.key = key
        self.value = value
    }
}
