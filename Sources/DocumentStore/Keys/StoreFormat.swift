import LMDB

/// The version of the on-disk layout, kept in the catalog so that a build never misreads a store written by another.
///
/// A new store is stamped at open. A format 2 store is upgraded in place, in one transaction. A store stamped with
/// another version, or an unstamped store that already holds data (format 1, before document envelopes carried a
/// member directory), is refused with a message that says what to do instead of being read as damaged.
enum StoreFormat {
    /// 2: envelopes with a top-level member directory (``DocumentEnvelope``).
    /// 3: spatial indexes also list geometries that are not points (``SpatialCell/unplaced``).
    static let current: UInt32 = 3
    static let key: [UInt8] = [UInt8(ascii: "v")]

    /// Stamps a new store, upgrades a format 2 store, or checks the stamp of an existing one.
    static func verify(_ environment: Environment, keyspaces: StoreKeyspaces, catalog: Catalog, nowMillis: Int64, path: String) throws {
        let found: UInt32? = try environment.read { transaction in
            if let stamp = try transaction.withValue(forKey: self.key, in: keyspaces.catalog, { bytes -> UInt32 in
                bytes.count == 4 ? UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)) : 0
            }) {
                return stamp
            }
            let holdsData = try keyspaces.containerScoped.contains { try transaction.statistics(of: $0).entries > 0 }
                || transaction.statistics(of: keyspaces.catalog).entries > 0
            return holdsData ? 1 : nil
        }
        switch found {
        case self.current:
            return
        case nil:
            try environment.write { transaction in
                try self.stamp(transaction, keyspaces: keyspaces)
            }
        case 2:
            try environment.write { transaction in
                var session = try WriteSession(keyspaces: keyspaces, catalog: catalog, nowMillis: nowMillis, transaction: transaction)
                try session.addUnplacedSpatialEntries(in: transaction)
                try self.stamp(transaction, keyspaces: keyspaces)
            }
        case let version?:
            throw StoreError(
                .badRequest,
                "the store at \(path) has on-disk format \(version) and this build of Cosmolite reads format \(self.current); "
                    + "export its containers with the build that wrote it (cosmolite export) and import them into a new data directory"
            )
        }
    }

    private static func stamp(_ transaction: borrowing WriteTransaction, keyspaces: StoreKeyspaces) throws {
        try transaction.put(withUnsafeBytes(of: self.current.littleEndian, Array.init), forKey: self.key, in: keyspaces.catalog)
    }
}
