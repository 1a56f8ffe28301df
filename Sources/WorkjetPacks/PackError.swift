/// An error raised while loading a pattern pack or a policy file: a code to branch on, a message a user
/// can act on, and where it happened (file, rule id and line when known).
///
/// ```swift
/// do {
///     _ = try PatternPack.load(path: "Patterns/finance.yaml")
/// } catch {
///     print(error)   // Patterns/finance.yaml:12: rule 'iban': pattern 1 /…/: missing closing parenthesis at offset 9 [invalid_pattern]
/// }
/// ```
public struct PackError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name, for example `invalid_yaml`.
        public let rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's name.
        public var description: String { rawValue }

        /// The file is not well-formed YAML, is empty, or its top level is not a mapping.
        public static let invalidYAML = Code(rawValue: "invalid_yaml")
        /// A required field (`pack`, `rules`, a rule's `id`, `type` or pattern, …) is absent.
        public static let missingField = Code(rawValue: "missing_field")
        /// A field has the wrong shape or an out-of-range value, or is not a known field.
        public static let invalidField = Code(rawValue: "invalid_field")
        /// A rule id (or pack name) is used twice: in one pack, across packs, or by a built-in detector.
        public static let duplicateID = Code(rawValue: "duplicate_id")
        /// A regular expression does not compile, names a missing capture group, or can match the empty string.
        public static let invalidPattern = Code(rawValue: "invalid_pattern")
        /// A rule names a validator that does not exist (see ``ValidatorCatalog/names``).
        public static let unknownValidator = Code(rawValue: "unknown_validator")
        /// A policy file names a detector id that the registry it is checked against does not contain.
        public static let unknownDetector = Code(rawValue: "unknown_detector")
        /// A file or directory could not be read.
        public static let io = Code(rawValue: "io")
    }

    /// The stable error code.
    public var code: Code
    /// What was rejected and why, without the file name (see ``description`` for the full text).
    public var message: String
    /// The file (or the name given to ``PatternPack/parse(yaml:source:)``) the error is about.
    public var source: String
    /// The id of the rule at fault, when the error is about one rule.
    public var ruleID: String?
    /// The 1-based line in ``source``, when known.
    public var line: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, source: String, ruleID: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.source = source
        self.ruleID = ruleID
        self.line = line
    }

    /// `source:line: rule 'id': message [code]`, omitting the parts that are not known.
    public var description: String {
        var text = source
        if let line { text += ":\(line)" }
        text += ": "
        if let ruleID { text += "rule '\(ruleID)': " }
        return text + message + " [\(code)]"
    }
}
