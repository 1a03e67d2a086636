import ArgumentParser
import DocumentStore
import Foundation
import JSON
import QueryEngine

extension Cosmolite {
    /// `cosmolite query`: Cosmos DB SQL against a data directory.
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a SQL query against a container of a data directory and print the rows as NDJSON.",
            discussion: """
                Example: cosmolite query telemetry/events "SELECT * FROM c WHERE c.epoch >= @e" --parameter @e=1593099980

                Paging: with --page, only one page is printed (its rows on standard output) and, when more rows \
                follow, the line "continuation: <token>" on standard error. Pass the token back with --continuation \
                (same query, parameters and options) for the next page; without --page, --continuation prints every \
                remaining page.
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The container, as database/container.")
        var container: ContainerAddress

        @Argument(help: "The query, e.g. \"SELECT * FROM c WHERE c.epoch >= 1593099980\".")
        var text: String

        @Option(
            name: .customLong("parameter"),
            help: """
                A parameter as @name=VALUE (repeatable). VALUE is JSON (5, "text", true, null, [1,2], {"a":1}); a bare \
                word that does not look like JSON (it starts with none of { [ " - or a digit) is taken as a string, \
                so @s=spark means "spark". Anything else that is not valid JSON is an error.
                """
        )
        var parameters: [String] = []

        @Option(name: .customLong("partition-key"), help: "Restrict to one logical partition, as a JSON array (e.g. '[\"device-1\"]').")
        var partitionKey: String?

        @Option(name: .customLong("max-item-count"), help: "Rows per page (all pages are printed unless --page is given).")
        var maxItemCount: Int?

        @Option(name: .customLong("continuation"), help: "Resume after the page that printed this token (see --page).")
        var continuation: String?

        @Flag(name: .customLong("page"), help: "Print one page only, and its continuation token on standard error.")
        var onePage = false

        @Flag(help: "Print the chosen plan (access path, index bounds) instead of the rows.")
        var explain = false

        func validate() throws {
            if let maxItemCount, maxItemCount < 1 {
                throw ValidationError("--max-item-count must be at least 1, got \(maxItemCount)")
            }
            for parameter in self.parameters {
                _ = try Self.parameter(parameter)
            }
        }

        func run() async throws {
            var options = QueryOptions(maxItemCount: self.maxItemCount, continuation: self.continuation)
            for parameter in self.parameters {
                let (name, value) = try Self.parameter(parameter)
                options.parameters[name] = value
            }
            if let partitionKey {
                options.partitionKey = try PartitionKeyValue(headerJSON: try JSONReader.parse(partitionKey))
            }
            let store = try self.store.openStore()
            defer { store.close() }
            let container = try store.container(self.container.container, in: self.container.database)
            if self.explain {
                print(try container.explain(self.text, options: options))
                return
            }
            repeat {
                let page = try await container.query(self.text, options: options)
                for row in page.rows {
                    print(String(decoding: row, as: UTF8.self))
                }
                options.continuation = page.continuation
                if self.onePage {
                    if let token = page.continuation {
                        FileHandle.standardError.write(Data("continuation: \(token)\n".utf8))
                    }
                    return
                }
            } while options.continuation != nil
        }

        /// `@name=VALUE` as a name and a JSON value (see the option's help for the rule).
        static func parameter(_ argument: String) throws -> (String, JSONValue) {
            guard argument.hasPrefix("@"), let equals = argument.firstIndex(of: "="), equals > argument.index(after: argument.startIndex) else {
                throw ValidationError("a parameter must look like @name=VALUE, got '\(argument)'")
            }
            let name = String(argument[..<equals])
            let text = String(argument[argument.index(after: equals)...])
            do {
                return (name, try JSONReader.parse(text))
            } catch {
                guard let first = text.unicodeScalars.first, !Self.looksLikeJSON(first) else {
                    throw ValidationError("the value of \(name) is not valid JSON (\(error)); quote a string as JSON, like \(name)='\"text\"'")
                }
                return (name, .string(text))
            }
        }

        /// Whether a value starting with `first` was meant as JSON (an object, array, string or number).
        private static func looksLikeJSON(_ first: Unicode.Scalar) -> Bool {
            "{[\"-".unicodeScalars.contains(first) || ("0"..."9").contains(first) || first.properties.isWhitespace
        }
    }
}
