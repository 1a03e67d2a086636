/// The two feeds a `GET .../docs` can read.
enum DocumentFeedKind: Sendable {
    /// Every document, page by page (no `A-IM`).
    case readFeed
    /// Changes in modification order, latest version of each (`A-IM: Incremental Feed`).
    case changeFeed
}
