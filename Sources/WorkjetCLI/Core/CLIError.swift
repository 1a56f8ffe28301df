/// An error that stops a command before or outside the scan of one file: bad options, an unreadable
/// pattern pack or policy, an output that cannot be written. Errors about single files are reported
/// in the summary instead, and the run goes on.
public struct CLIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An option value is malformed or options contradict each other.
        public static let usage = Code(rawValue: "usage")
        /// A file the command needs (baseline, policy, output) could not be read or written.
        public static let io = Code(rawValue: "io")
        /// Detectors or the policy could not be loaded or compiled.
        public static let configuration = Code(rawValue: "configuration")
    }

    /// The stable code.
    public var code: Code
    /// What happened and what to do about it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
