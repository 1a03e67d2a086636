import Foundation

/// Finds capture files and orders them as Event Hubs Capture lays them out:
/// `{namespace}/{hub}/{partition}/{year}/{month}/{day}/{hour}/{minute}/{second}.avro`. Files sort by partition,
/// then by time, comparing numeric path components as numbers (so partition 10 comes after partition 9).
public enum CaptureFileLayout {
    /// Every `.avro` file named or found under the named directories, in capture order.
    public static func files(in paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw AvroError("\(path) does not exist")
            }
            if isDirectory.boolValue {
                let enumerator = FileManager.default.enumerator(atPath: path)
                while let relative = enumerator?.nextObject() as? String {
                    if relative.hasSuffix(".avro") { files.append((path as NSString).appendingPathComponent(relative)) }
                }
            } else {
                files.append(path)
            }
        }
        return files.sorted(by: self.precedes)
    }

    /// Component-wise order with numeric components compared as numbers.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.split(separator: "/")
        let right = rhs.split(separator: "/")
        for (a, b) in zip(left, right) where a != b {
            let aNumber = Int(a.split(separator: ".").first ?? "")
            let bNumber = Int(b.split(separator: ".").first ?? "")
            if let aNumber, let bNumber, aNumber != bNumber { return aNumber < bNumber }
            return a < b
        }
        return left.count < right.count
    }
}
