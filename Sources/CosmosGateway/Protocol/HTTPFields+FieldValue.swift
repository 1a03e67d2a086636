import HTTPTypes

extension HTTPFields {
    /// The value of the field `name`, like `self[name]` but without building a joined string when the field occurs
    /// once, which is nearly always: the subscript's lazy join was a measurable part of every request.
    func fieldValue(_ name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            if found != nil { return self[name] }
            found = field.value
        }
        return found
    }
}
