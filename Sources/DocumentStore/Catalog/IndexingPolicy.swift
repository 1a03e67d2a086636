public import JSON

/// Which paths a container indexes, in the Cosmos indexing-policy vocabulary.
///
/// Cosmolite maintains two kinds of secondary index:
/// - **range** indexes on scalar values (numbers, strings, booleans, null), used for equality, range and ORDER BY;
/// - **spatial** indexes on GeoJSON points, used for `ST_DISTANCE` and `ST_WITHIN`.
///
/// `includedPaths` entries may be `/*` (every top-level scalar property), `/name/?` or `/name/*` (that property),
/// or a nested `/a/b/?` (that nested property). `excludedPaths` remove top-level properties from `/*`; an
/// excluded `/*` with explicit included paths indexes only those paths. `indexingMode: "none"` turns range indexes
/// off. Nested properties are indexed only when listed explicitly. Composite indexes are accepted and echoed back but
/// not used: ORDER BY on several properties sorts in memory.
public struct IndexingPolicy: Sendable, Hashable {
    public var indexingMode: String
    public var automatic: Bool
    public var includedPaths: [String]
    public var excludedPaths: [String]
    /// Paths of GeoJSON points to index spatially, written as in the policy (`/location/*` or `/location/?`).
    public var spatialPaths: [String]
    /// Composite index definitions as given (kept for round trips).
    public var compositeIndexes: JSONValue?

    public init(
        indexingMode: String = "consistent",
        automatic: Bool = true,
        includedPaths: [String] = ["/*"],
        excludedPaths: [String] = [#"/"_etag"/?"#],
        spatialPaths: [String] = [],
        compositeIndexes: JSONValue? = nil
    ) {
        self.indexingMode = indexingMode
        self.automatic = automatic
        self.includedPaths = includedPaths
        self.excludedPaths = excludedPaths
        self.spatialPaths = spatialPaths
        self.compositeIndexes = compositeIndexes
    }

    /// Range indexes only on `paths` (plus spatial indexes on `spatialPaths`): the shape streaming workloads want.
    public static func only(rangePaths paths: [String], spatialPaths: [String] = []) -> IndexingPolicy {
        IndexingPolicy(
            includedPaths: paths.map { $0.hasSuffix("/?") ? $0 : $0 + "/?" },
            excludedPaths: ["/*"],
            spatialPaths: spatialPaths
        )
    }

    /// What the policy means for index maintenance.
    public var resolved: ResolvedIndexingPolicy {
        ResolvedIndexingPolicy(self)
    }

    /// Checks every path.
    public func validate() throws(StoreError) {
        let mode = self.indexingMode.lowercased()
        guard mode == "consistent" || mode == "none" || mode == "lazy" else {
            throw StoreError(.badRequest, "indexingMode must be \"consistent\" or \"none\", got \"\(self.indexingMode)\"")
        }
        for path in self.includedPaths + self.excludedPaths where path != "/*" && path != "/" {
            guard ResolvedIndexingPolicy.pathSegments(path) != nil else {
                throw StoreError(.badRequest, "invalid index path '\(path)': expected /*, /name/? or /name/*")
            }
        }
        for path in self.spatialPaths {
            guard let segments = ResolvedIndexingPolicy.pathSegments(path), !segments.isEmpty else {
                throw StoreError(.badRequest, "invalid spatial index path '\(path)': expected /name/*")
            }
        }
    }

    // MARK: JSON

    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "indexingMode": .string(self.indexingMode),
            "automatic": .bool(self.automatic),
            "includedPaths": .array(self.includedPaths.map { ["path": .string($0)] }),
            "excludedPaths": .array(self.excludedPaths.map { ["path": .string($0)] }),
        ]
        if !self.spatialPaths.isEmpty {
            object["spatialIndexes"] = .array(self.spatialPaths.map {
                ["path": .string($0), "types": ["Point", "Polygon", "MultiPolygon", "LineString"]]
            })
        }
        if let compositeIndexes = self.compositeIndexes {
            object["compositeIndexes"] = compositeIndexes
        }
        return .object(object)
    }

    public init(json: JSONValue) throws(StoreError) {
        guard case .object(let object) = json else {
            throw StoreError(.badRequest, "indexingPolicy must be a JSON object")
        }
        func paths(_ key: String) throws(StoreError) -> [String]? {
            guard let value = object[key] else { return nil }
            guard case .array(let entries) = value else {
                throw StoreError(.badRequest, "indexingPolicy.\(key) must be an array of {\"path\": ...}")
            }
            var result: [String] = []
            for entry in entries {
                guard case .string(let path)? = entry["path"] else {
                    throw StoreError(.badRequest, "every entry of indexingPolicy.\(key) needs a \"path\" string")
                }
                result.append(path)
            }
            return result
        }
        var mode = "consistent"
        if let value = object["indexingMode"] {
            guard case .string(let text) = value else {
                throw StoreError(.badRequest, "indexingPolicy.indexingMode must be a string")
            }
            mode = text
        }
        let included = try paths("includedPaths")
        let excluded = try paths("excludedPaths")
        self.init(
            indexingMode: mode,
            automatic: object["automatic"]?.boolValue ?? true,
            includedPaths: included ?? ["/*"],
            excludedPaths: excluded ?? [],
            spatialPaths: try paths("spatialIndexes") ?? [],
            compositeIndexes: object["compositeIndexes"]
        )
        try self.validate()
    }
}

/// An ``IndexingPolicy`` turned into what index maintenance needs.
public struct ResolvedIndexingPolicy: Sendable, Hashable {
    /// Index every top-level scalar property not in ``excludedTopLevel``.
    public let indexesAllTopLevelProperties: Bool
    public let excludedTopLevel: Set<String>
    /// Explicitly included paths (nested ones too), as property-name lists.
    public let explicitPaths: [[String]]
    /// Spatially indexed paths, as property-name lists.
    public let spatialPaths: [[String]]

    init(_ policy: IndexingPolicy) {
        let rangeEnabled = policy.indexingMode.lowercased() != "none"
        var wildcard = false
        var explicit: [[String]] = []
        for path in policy.includedPaths where rangeEnabled {
            if path == "/*" || path == "/" {
                wildcard = true
            } else if let segments = Self.pathSegments(path), !segments.isEmpty, !explicit.contains(segments) {
                explicit.append(segments)
            }
        }
        var excluded: Set<String> = []
        for path in policy.excludedPaths {
            if path == "/*" || path == "/" {
                wildcard = false
            } else if let segments = Self.pathSegments(path), segments.count == 1 {
                excluded.insert(segments[0])
            }
        }
        self.indexesAllTopLevelProperties = wildcard
        self.excludedTopLevel = excluded
        self.explicitPaths = explicit
        self.spatialPaths = policy.spatialPaths.compactMap { Self.pathSegments($0) }.filter { !$0.isEmpty }
    }

    /// Whether values at `segments` are range-indexed.
    public func isRangeIndexed(_ segments: [String]) -> Bool {
        if self.explicitPaths.contains(segments) { return true }
        return self.indexesAllTopLevelProperties && segments.count == 1 && !self.excludedTopLevel.contains(segments[0])
    }

    /// Whether `segments` has a spatial index.
    public func isSpatiallyIndexed(_ segments: [String]) -> Bool {
        self.spatialPaths.contains(segments)
    }

    /// `/a/b/?`, `/a/b/*`, `/a/b/[]/?` -> `["a", "b"]`; `nil` when malformed.
    static func pathSegments(_ path: String) -> [String]? {
        var trimmed = path
        for suffix in ["/[]/?", "/?", "/*"] where trimmed.hasSuffix(suffix) {
            trimmed.removeLast(suffix.count)
            break
        }
        if trimmed.isEmpty { return [] }
        return JSONPath.segments(of: trimmed)
    }
}
