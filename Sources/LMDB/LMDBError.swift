internal import CLMDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An error reported by LMDB: the raw return code and LMDB's own message for it.
///
/// `MDB_NOTFOUND` never reaches callers of this module: lookups answer `nil` instead.
/// Match specific codes with `catch LMDBError.mapFull` (the `~=` overload below).
public struct LMDBError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The value LMDB returned (an LMDB code such as `MDB_MAP_FULL`, or an `errno` value such as `ENOSPC`).
    public let returnCode: Int32

    public init(returnCode: Int32) {
        self.returnCode = returnCode
    }

    /// LMDB's own text for the code (`mdb_strerror`), which also covers `errno` values.
    public var message: String {
        String(cString: mdb_strerror(self.returnCode))
    }

    public var description: String {
        "LMDB error \(self.returnCode): \(self.message)"
    }

    public static let keyExists = LMDBError(returnCode: MDB_KEYEXIST)
    public static let notFound = LMDBError(returnCode: MDB_NOTFOUND)
    public static let pageNotFound = LMDBError(returnCode: MDB_PAGE_NOTFOUND)
    public static let corrupted = LMDBError(returnCode: MDB_CORRUPTED)
    public static let panic = LMDBError(returnCode: MDB_PANIC)
    public static let versionMismatch = LMDBError(returnCode: MDB_VERSION_MISMATCH)
    public static let invalid = LMDBError(returnCode: MDB_INVALID)
    public static let mapFull = LMDBError(returnCode: MDB_MAP_FULL)
    public static let keyspacesFull = LMDBError(returnCode: MDB_DBS_FULL)
    public static let readersFull = LMDBError(returnCode: MDB_READERS_FULL)
    public static let transactionFull = LMDBError(returnCode: MDB_TXN_FULL)
    public static let cursorFull = LMDBError(returnCode: MDB_CURSOR_FULL)
    public static let pageFull = LMDBError(returnCode: MDB_PAGE_FULL)
    public static let mapResized = LMDBError(returnCode: MDB_MAP_RESIZED)
    public static let incompatible = LMDBError(returnCode: MDB_INCOMPATIBLE)
    public static let badReaderSlot = LMDBError(returnCode: MDB_BAD_RSLOT)
    public static let badTransaction = LMDBError(returnCode: MDB_BAD_TXN)
    public static let badValueSize = LMDBError(returnCode: MDB_BAD_VALSIZE)
    public static let badKeyspace = LMDBError(returnCode: MDB_BAD_DBI)
    public static let noSpace = LMDBError(returnCode: ENOSPC)
    public static let accessDenied = LMDBError(returnCode: EACCES)
    public static let noSuchFile = LMDBError(returnCode: ENOENT)
    public static let busy = LMDBError(returnCode: EBUSY)

    /// Lets callers write `catch LMDBError.mapFull`.
    public static func ~= (pattern: LMDBError, error: any Error) -> Bool {
        (error as? LMDBError) == pattern
    }

    /// Throws unless `code` is `MDB_SUCCESS`.
    @inline(__always)
    static func check(_ code: Int32) throws(LMDBError) {
        if code != MDB_SUCCESS {
            throw LMDBError(returnCode: code)
        }
    }
}
