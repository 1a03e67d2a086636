import JSON

/// Turns incoming JSON into a ``PreparedDocument`` for one container, or a clear ``StoreError``.
enum DocumentPreparer {
    /// The largest body accepted, in bytes (2 MiB, as the service allows).
    static let maximumBodySize = 2 * 1024 * 1024

    /// Prepares `bytes` (one JSON object) for `container`.
    ///
    /// The text is validated without building a tree, minified by a byte copy when it has whitespace, and read in
    /// place: only the id, the partition key, the TTL and the indexed values are parsed, and the body is stored as
    /// sent unless an id must be added or members dropped (then it is spliced, never printed again).
    /// - Parameter partitionKey: the partition key the caller claims (the REST header); it must match the body.
    static func prepare(
        _ bytes: UnsafeRawBufferPointer,
        for container: ContainerProperties,
        partitionKey claimed: PartitionKeyValue? = nil
    ) throws(StoreError) -> PreparedDocument {
        let validation: JSONReader.Validation
        do {
            validation = try JSONReader.validate(bytes)
        } catch {
            throw StoreError(.badRequest, "the document is not valid JSON: \(error)")
        }
        guard validation.isObject else {
            throw StoreError(.badRequest, "a document must be a JSON object")
        }
        if validation.isMinified {
            return try self.prepare(minified: bytes, for: container, partitionKey: claimed)
        }
        let minified = JSONScanner.minified(bytes)
        return try minified.withUnsafeBytes { (text) -> Result<PreparedDocument, StoreError> in
            Result { () throws(StoreError) in try self.prepare(minified: text, for: container, partitionKey: claimed) }
        }.get()
    }

    private static func prepare(
        minified bytes: UnsafeRawBufferPointer,
        for container: ContainerProperties,
        partitionKey claimed: PartitionKeyValue?
    ) throws(StoreError) -> PreparedDocument {
        let document = DocumentText(validObject: bytes)
        // Dropped from the stored body: system properties (generated on the way out) and every occurrence of a repeated
        // key but the last (the one lookups see), so that a stored body never holds a value no reader can reach.
        var dropped = document.members.map { member in
            bytes[member.key.lowerBound] == UInt8(ascii: "_") && SystemProperties.reservedNames.contains(document.key(of: member))
        }
        for index in document.members.indices where !dropped[index] {
            let member = document.members[index]
            dropped[index] = document.members[(index + 1)...].contains { later in document.keysAreEqual(member, later) }
        }
        let idValue = document.member(named: "id").map { document.parseValue(in: $0.value) ?? .null }
        let (id, idIsInjected) = try self.identity(idValue, document: document, container: container)
        let body: [UInt8]
        var members: [DocumentEnvelope.MemberOffsets] = []
        members.reserveCapacity(document.members.count + 1)
        if idIsInjected || dropped.contains(true) {
            var writer = JSONWriter(reservingCapacity: bytes.count + id.utf8.count + 8)
            writer.writeByte(UInt8(ascii: "{"))
            if idIsInjected {
                members.append(DocumentEnvelope.MemberOffsets(key: 1, value: 6))
                writer.writeRaw(#""id":"#)
                writer.writeString(id)
            }
            for (member, isDropped) in zip(document.members, dropped) where !isDropped {
                if writer.bytes.count > 1 { writer.writeByte(UInt8(ascii: ",")) }
                let keyStart = writer.bytes.count
                members.append(DocumentEnvelope.MemberOffsets(
                    key: UInt32(keyStart), value: UInt32(keyStart + member.value.lowerBound - (member.key.lowerBound - 1))))
                writer.writeRaw(document.memberBytes(member))
            }
            writer.writeByte(UInt8(ascii: "}"))
            body = writer.bytes
        } else {
            body = Array(bytes)
            for member in document.members {
                members.append(DocumentEnvelope.MemberOffsets(key: UInt32(member.key.lowerBound - 1), value: UInt32(member.value.lowerBound)))
            }
        }
        let ttl = document.member(named: "ttl").map { document.parseValue(in: $0.value) ?? .null }
        return try self.finish(id: id, body: body, members: members, document: document, ttl: ttl, container: container,
                               partitionKey: claimed)
    }

    /// Prepares a patched object: printed, then prepared like any other body (patches are rare; one path is simpler
    /// to keep right than two).
    static func prepare(
        object: JSONObject,
        for container: ContainerProperties,
        partitionKey claimed: PartitionKeyValue? = nil
    ) throws(StoreError) -> PreparedDocument {
        try self.prepare(JSONWriter.bytes(from: .object(object)), for: container, partitionKey: claimed)
    }

    /// Prepares `json` (one JSON object) for `container`.
    static func prepare(
        _ json: [UInt8],
        for container: ContainerProperties,
        partitionKey claimed: PartitionKeyValue? = nil
    ) throws(StoreError) -> PreparedDocument {
        let result: Result<PreparedDocument, StoreError> = json.withUnsafeBytes { bytes in
            Result { () throws(StoreError) in try self.prepare(bytes, for: container, partitionKey: claimed) }
        }
        return try result.get()
    }

    /// The document's id: its `id` property, or (when absent) the string at the container's id source path, which the
    /// caller then adds to the body.
    private static func identity(
        _ idValue: JSONValue?,
        document: DocumentText,
        container: ContainerProperties
    ) throws(StoreError) -> (id: String, isInjected: Bool) {
        let id: String
        let isInjected: Bool
        switch idValue {
        case .string(let text)?:
            id = text
            isInjected = false
        case nil:
            guard let path = container.definition.idSourcePath, let segments = container.idSourceSegments else {
                throw StoreError(.badRequest, "the document has no \"id\" property")
            }
            guard case .string(let text)? = document.value(at: segments) else {
                throw StoreError(.badRequest, "the document has no \"id\" and no string at its id source path \(path)")
            }
            id = text
            isInjected = true
        case let other?:
            throw StoreError(.badRequest, "the document's \"id\" must be a string, not \(other)")
        }
        try ResourceName.validateDocumentID(id)
        return (id, isInjected)
    }

    /// The checks and derived values every prepared document needs once its body is settled.
    private static func finish(
        id: String,
        body: [UInt8],
        members: [DocumentEnvelope.MemberOffsets],
        document: DocumentText,
        ttl: JSONValue?,
        container: ContainerProperties,
        partitionKey claimed: PartitionKeyValue?
    ) throws(StoreError) -> PreparedDocument {
        guard body.count <= self.maximumBodySize else {
            throw StoreError(.documentTooLarge, "the document is \(body.count) bytes; the limit is \(self.maximumBodySize) bytes (2 MiB)")
        }
        let definition = container.definition
        let partitionKey = try self.partitionKey(of: document, in: container)
        if let claimed, claimed != partitionKey {
            throw StoreError(
                .badRequest,
                "the partition key \(claimed) given with the request does not match the document's partition key \(partitionKey)"
            )
        }
        let itemTimeToLive = try TimeToLive.itemTimeToLive(ttl, containerDefault: definition.defaultTimeToLive)
        let entries = self.indexEntries(of: document, container: container)
        return PreparedDocument(
            id: id,
            identitySuffix: KeyParts.identitySuffix(for: id),
            partitionKey: partitionKey,
            effectivePartitionKey: EffectivePartitionKey(partitionKey, kind: definition.partitionKey.kind).bytes,
            body: body,
            members: members,
            itemTimeToLive: itemTimeToLive,
            rangeEntries: entries.range,
            spatialEntries: entries.spatial,
            uniqueKeyHashes: entries.uniqueKeyHashes,
            definitionEtag: container.etag
        )
    }

    /// The partition key value found in `document` under the container's paths. A missing value is `undefined` for Hash
    /// keys and `null` for hierarchical keys (the SDKs send `null` for a missing level).
    static func partitionKey(of document: DocumentText, in container: ContainerProperties) throws(StoreError) -> PartitionKeyValue {
        let definition = container.definition.partitionKey
        var components: [PartitionKeyValue.Component] = []
        for (path, segments) in zip(definition.paths, container.partitionKeySegments) {
            let value = document.value(at: segments)
            guard let component = PartitionKeyValue.Component(value) else {
                throw StoreError(.badRequest, "the partition key value at \(path) must be a string, number, boolean or null")
            }
            components.append(component == .undefined && definition.kind == .multiHash ? .null : component)
        }
        return PartitionKeyValue(components)
    }

    /// The range, spatial and unique-key entries of a document body.
    static func indexEntries(of document: DocumentText, container: ContainerProperties) -> IndexEntries {
        let policy = container.resolvedIndexingPolicy
        var range: [[UInt8]] = []
        var seenTags: Set<[UInt8]> = []
        for segments in policy.explicitPaths {
            guard let tag = KeyParts.pathTag(segments), seenTags.insert(tag).inserted else { continue }
            // Every document gets an entry for an explicit path, even when the value is undefined, an array or an
            // object, so that ORDER BY on the path can stream from the index without losing documents.
            var entry = tag
            IndexValueEncoding.appendPresence(of: document.value(at: segments), to: &entry)
            range.append(entry)
        }
        if policy.indexesAllTopLevelProperties {
            document.forEachTopLevelMember { key, value in
                guard !policy.excludedTopLevel.contains(key), let tag = KeyParts.pathTag([key]), seenTags.insert(tag).inserted
                else { return }
                var entry = tag
                if let value, IndexValueEncoding.append(value, to: &entry) {
                    range.append(entry)
                }
            }
        }
        var spatial: [SpatialEntry] = []
        for segments in policy.spatialPaths {
            guard let tag = KeyParts.pathTag(segments), let value = document.value(at: segments) else { continue }
            if let point = GeoPoint(geoJSON: value) {
                spatial.append(SpatialEntry(pathTag: tag, cell: SpatialCell(point), point: point))
            } else if case .object = value {
                spatial.append(SpatialEntry(pathTag: tag, cell: .unplaced, point: GeoPoint(longitude: 0, latitude: 0)))
            }
        }
        var uniqueKeyHashes: [[UInt8]] = []
        for uniqueKey in container.uniqueKeySegments {
            var canonical: [UInt8] = []
            for segments in uniqueKey {
                // A missing value counts as null, so at most one document of a partition may lack it.
                let value = document.value(at: segments) ?? .null
                if !IndexValueEncoding.append(value, to: &canonical) {
                    canonical.append(0xF0)
                    canonical.append(contentsOf: JSONWriter.bytes(from: value))
                }
                canonical.append(0xFF)
            }
            let (h1, h2) = canonical.withUnsafeBytes { MurmurHash3.hash128($0) }
            var hash = withUnsafeBytes(of: h1.bigEndian, Array.init)
            withUnsafeBytes(of: h2.bigEndian) { hash.append(contentsOf: $0) }
            uniqueKeyHashes.append(hash)
        }
        return IndexEntries(range: range, spatial: spatial, uniqueKeyHashes: uniqueKeyHashes)
    }

    /// The index entries of a stored body (for replace and delete).
    static func indexEntries(ofStoredBody body: [UInt8], container: ContainerProperties) -> IndexEntries {
        body.withUnsafeBytes { text in
            self.indexEntries(of: DocumentText(validObject: text), container: container)
        }
    }
}
