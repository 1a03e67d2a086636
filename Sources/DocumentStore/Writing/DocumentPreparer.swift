import JSON

/// Turns incoming JSON into a ``PreparedDocument`` for one container, or a clear ``StoreError``.
enum DocumentPreparer {
    /// The largest body accepted, in bytes (2 MiB, as the service allows).
    static let maximumBodySize = 2 * 1024 * 1024

    /// Prepares `bytes` (one JSON object) for `container`.
    /// - Parameter partitionKey: the partition key the caller claims (the REST header); it must match the body.
    static func prepare(
        _ bytes: UnsafeRawBufferPointer,
        for container: ContainerProperties,
        partitionKey claimed: PartitionKeyValue? = nil
    ) throws(StoreError) -> PreparedDocument {
        let document: JSONReader.Document
        do {
            document = try JSONReader.parseDocument(bytes)
        } catch {
            throw StoreError(.badRequest, "the document is not valid JSON: \(error)")
        }
        guard case .object(var object) = document.value else {
            throw StoreError(.badRequest, "a document must be a JSON object")
        }
        return try self.prepare(object: &object, originalBytes: document.isMinified ? bytes : nil, for: container, partitionKey: claimed)
    }

    /// Prepares an already parsed object. `originalBytes`, when given, is its minified text (stored as is when nothing
    /// needs rewriting).
    static func prepare(
        object: inout JSONObject,
        originalBytes: UnsafeRawBufferPointer?,
        for container: ContainerProperties,
        partitionKey claimed: PartitionKeyValue? = nil
    ) throws(StoreError) -> PreparedDocument {
        let definition = container.definition
        var mustRewrite = originalBytes == nil
        if object.contains(where: { $0.key.hasPrefix("_") && SystemProperties.reservedNames.contains($0.key) }) {
            object.removeMembers { SystemProperties.reservedNames.contains($0) }
            mustRewrite = true
        }

        let id: String
        switch object["id"] {
        case .string(let text)?:
            id = text
        case nil:
            guard let source = definition.idSourcePath, let segments = container.idSourceSegments else {
                throw StoreError(.badRequest, "the document has no \"id\" property")
            }
            guard case .string(let text)? = JSONPath.value(at: segments, in: .object(object)) else {
                throw StoreError(.badRequest, "the document has no \"id\" and no string at its id source path \(source)")
            }
            id = text
            object.insert(key: "id", value: .string(text), at: 0)
            mustRewrite = true
        case let other?:
            throw StoreError(.badRequest, "the document's \"id\" must be a string, not \(other)")
        }
        try ResourceName.validateDocumentID(id)

        let partitionKey = try self.partitionKey(of: object, in: container)
        if let claimed, claimed != partitionKey {
            throw StoreError(
                .badRequest,
                "the partition key \(claimed) given with the request does not match the document's partition key \(partitionKey)"
            )
        }
        let itemTimeToLive = try TimeToLive.itemTimeToLive(object["ttl"], containerDefault: definition.defaultTimeToLive)

        let body: [UInt8]
        if mustRewrite {
            var writer = JSONWriter(reservingCapacity: (originalBytes?.count ?? 256) + 64)
            writer.write(.object(object))
            body = writer.bytes
        } else {
            body = Array(originalBytes!)
        }
        guard body.count <= self.maximumBodySize else {
            throw StoreError(.documentTooLarge, "the document is \(body.count) bytes; the limit is \(self.maximumBodySize) bytes (2 MiB)")
        }
        let entries = self.indexEntries(of: object, container: container)
        return PreparedDocument(
            id: id,
            identitySuffix: KeyParts.identitySuffix(for: id),
            partitionKey: partitionKey,
            effectivePartitionKey: EffectivePartitionKey(partitionKey, kind: definition.partitionKey.kind).bytes,
            body: body,
            itemTimeToLive: itemTimeToLive,
            rangeEntries: entries.range,
            spatialEntries: entries.spatial,
            uniqueKeyHashes: entries.uniqueKeyHashes,
            definitionEtag: container.etag
        )
    }

    /// The partition key value found in `object` under `definition`'s paths. A missing value is `undefined` for Hash
    /// keys and `null` for hierarchical keys (the SDKs send `null` for a missing level).
    static func partitionKey(of object: JSONObject, in container: ContainerProperties) throws(StoreError) -> PartitionKeyValue {
        let definition = container.definition.partitionKey
        var components: [PartitionKeyValue.Component] = []
        for (path, segments) in zip(definition.paths, container.partitionKeySegments) {
            let value = JSONPath.value(at: segments, in: .object(object))
            guard let component = PartitionKeyValue.Component(value) else {
                throw StoreError(.badRequest, "the partition key value at \(path) must be a string, number, boolean or null")
            }
            components.append(component == .undefined && definition.kind == .multiHash ? .null : component)
        }
        return PartitionKeyValue(components)
    }

    /// The range, spatial and unique-key entries of a document body.
    static func indexEntries(of object: JSONObject, container: ContainerProperties) -> IndexEntries {
        let policy = container.resolvedIndexingPolicy
        var range: [[UInt8]] = []
        var seenTags: Set<[UInt8]> = []
        for segments in policy.explicitPaths {
            guard let tag = KeyParts.pathTag(segments), seenTags.insert(tag).inserted else { continue }
            // Every document gets an entry for an explicit path, even when the value is undefined, an array or an
            // object, so that ORDER BY on the path can stream from the index without losing documents.
            var entry = tag
            IndexValueEncoding.appendPresence(of: JSONPath.value(at: segments, in: .object(object)), to: &entry)
            range.append(entry)
        }
        if policy.indexesAllTopLevelProperties {
            // Reversed, so that a repeated key indexes its last value, the one lookups see.
            for member in object.reversed() where !policy.excludedTopLevel.contains(member.key) {
                guard let tag = KeyParts.pathTag([member.key]), seenTags.insert(tag).inserted else { continue }
                var entry = tag
                if IndexValueEncoding.append(member.value, to: &entry) {
                    range.append(entry)
                }
            }
        }
        var spatial: [SpatialEntry] = []
        for segments in policy.spatialPaths {
            guard let tag = KeyParts.pathTag(segments), let value = JSONPath.value(at: segments, in: .object(object)),
                let point = GeoPoint(geoJSON: value)
            else { continue }
            spatial.append(SpatialEntry(pathTag: tag, cell: SpatialCell(point), point: point))
        }
        var uniqueKeyHashes: [[UInt8]] = []
        for uniqueKey in container.uniqueKeySegments {
            var canonical: [UInt8] = []
            for segments in uniqueKey {
                // A missing value counts as null, so at most one document of a partition may lack it.
                let value = JSONPath.value(at: segments, in: .object(object)) ?? .null
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
        guard case .object(let object)? = try? JSONReader.parse(body) else {
            return IndexEntries(range: [], spatial: [], uniqueKeyHashes: [])
        }
        return self.indexEntries(of: object, container: container)
    }
}
