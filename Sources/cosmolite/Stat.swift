import ArgumentParser
import DocumentStore
import Foundation

extension Cosmolite {
    /// `cosmolite stat`: what a data directory holds.
    struct Stat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the databases and containers of a data directory with their document counts.")

        @OptionGroup var store: StoreOptions

        @Flag(help: "Also show how the data file is used: each keyspace's B-tree (entries, depth, pages) and the file's totals.")
        var storage = false

        func run() async throws {
            let store = try self.store.openStore()
            defer { store.close() }
            print("data directory: \(self.store.dataPath)  map size: \(Self.byteSize(store.mapSize))")
            for database in try store.databases() {
                print("database \(database.id)" + (database.throughput.map { " (shared throughput \($0))" } ?? ""))
                for container in try store.containers(in: database.id) {
                    let handle = try store.container(container.id, in: database.id)
                    let definition = container.definition
                    let throughput = definition.ownThroughput(in: database).map { "throughput \($0)" } ?? "the database's throughput"
                    print("  container \(container.id): \(try handle.count()) documents, partition key \(definition.partitionKey.paths.joined(separator: ",")), "
                        + "\(container.partitionKeyRanges.count) range(s), defaultTtl \(definition.defaultTimeToLive.map(String.init) ?? "off"), \(throughput)")
                }
            }
            if self.storage {
                Self.printStorage(try store.storageStatistics())
            }
        }

        /// A fixed-width table, one keyspace per row, then the totals.
        private static func printStorage(_ statistics: StorageStatistics) {
            print("storage: page size \(statistics.pageSize) B, \(statistics.usedPages) pages up to the last one in use "
                + "(\(byteSize(statistics.usedPages * statistics.pageSize))), file \(byteSize(statistics.fileBytes)), "
                + "last transaction \(statistics.lastTransactionID)")
            let header = ["keyspace", "entries", "depth", "branch pages", "leaf pages", "overflow pages"]
            var rows = [header]
            for tree in statistics.trees {
                rows.append([tree.keyspace, String(tree.entries), String(tree.depth), String(tree.branchPages), String(tree.leafPages),
                             String(tree.overflowPages)])
            }
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let cells = row.indices.map { column in
                    let padding = String(repeating: " ", count: widths[column] - row[column].count)
                    return column == 0 ? row[column] + padding : padding + row[column]
                }
                print("  " + cells.joined(separator: "  "))
            }
            print("  pages outside the trees (free for reuse, meta pages, LMDB's own records): \(statistics.pagesOutsideTrees)")
        }

        /// Bytes in the largest binary unit that keeps the number at 1 or more, with one decimal above KiB.
        private static func byteSize(_ bytes: Int) -> String {
            let units = ["KiB", "MiB", "GiB", "TiB"]
            var value = Double(bytes)
            guard value >= 1024 else { return "\(bytes) B" }
            var unit = -1
            while value >= 1024 && unit < units.count - 1 {
                value /= 1024
                unit += 1
            }
            return unit == 0 ? "\(Int(value.rounded())) KiB" : String(format: "%.1f", value) + " " + units[unit]
        }
    }
}
