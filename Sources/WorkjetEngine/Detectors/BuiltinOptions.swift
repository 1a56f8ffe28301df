/// Options for the built-in detectors.
public struct BuiltinOptions: Sendable, Hashable {
    /// Whether AWS's documented example credentials (`AKIAIOSFODNN7EXAMPLE`,
    /// `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`) are ignored. Default: true.
    public var allowlistAWSExampleKeys: Bool = true

    /// The defaults.
    public init(allowlistAWSExampleKeys: Bool = true) {
        self.allowlistAWSExampleKeys = allowlistAWSExampleKeys
    }
}
