import Logging

/// Standard-error logging whose metadata is rendered when a message is written, not when it is set.
///
/// `StreamLogHandler` renders its metadata string on every change, and Hummingbird sets a request id on a copy of the
/// logger for every request, so at `info` level the server paid for rendering metadata no message ever used.
struct DeferredMetadataLogHandler: LogHandler {
    private var output: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        self.output = StreamLogHandler.standardError(label: label)
        self.output.logLevel = level
    }

    var logLevel: Logger.Level {
        get { self.output.logLevel }
        set { self.output.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { self.output.metadataProvider }
        set { self.output.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        if !self.metadata.isEmpty {
            event.metadata = self.metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        self.output.log(event: event)
    }
}
