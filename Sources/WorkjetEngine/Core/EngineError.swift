/// An error raised by the engine: a code to branch on and a message a user can act on.
public struct EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A pattern that neither Hyperscan nor PCRE2 can compile.
        public static let invalidPattern = Code(rawValue: "invalid_pattern")
        /// Two detectors share an id.
        public static let duplicateDetector = Code(rawValue: "duplicate_detector")
        /// A policy or option names a detector id that is not registered.
        public static let unknownDetector = Code(rawValue: "unknown_detector")
        /// A detector definition is inconsistent (no pattern, bad confidence, missing capture group, …).
        public static let invalidDetector = Code(rawValue: "invalid_detector")
        /// A policy is inconsistent (threshold outside 0…1, missing key, …).
        public static let invalidPolicy = Code(rawValue: "invalid_policy")
        /// Hyperscan or PCRE2 failed while scanning (out of memory, match limit in a way that cannot be recovered).
        public static let scanFailed = Code(rawValue: "scan_failed")
        /// The stream was used after it was finished.
        public static let streamClosed = Code(rawValue: "stream_closed")
        /// Input that a helper cannot process (for example malformed JSON given to the JSON redactor).
        public static let invalidInput = Code(rawValue: "invalid_input")
    }

    /// The stable error code.
    public var code: Code
    /// A human-readable explanation naming what was rejected and why.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
