/// The set of detectors an engine is built from; ids are unique.
///
/// ```swift
/// var registry = DetectorRegistry.builtins()
/// try registry.register(myDetector)
/// let engine = try Engine(registry: registry)
/// ```
public struct DetectorRegistry: Sendable {
    /// The registered detectors, in registration order.
    public private(set) var detectors: [any Detector] = []
    private var indexByID: [String: Int] = [:]

    /// An empty registry.
    public init() {}

    /// Creates a registry from detectors; throws ``EngineError/Code/duplicateDetector`` on a repeated id.
    public init(_ detectors: [any Detector]) throws {
        for detector in detectors { try register(detector) }
    }

    /// A registry holding the built-in detectors (the six entity families).
    public static func builtins(options: BuiltinOptions = BuiltinOptions()) -> DetectorRegistry {
        // The built-in ids are unique by construction, which the test suite checks.
        // swiftlint:disable:next force_try
        try! DetectorRegistry(BuiltinDetectors.all(options: options))
    }

    /// Adds a detector; throws when its id is taken or its definition is inconsistent.
    public mutating func register(_ detector: any Detector) throws {
        try Self.check(detector)
        guard indexByID[detector.id] == nil else {
            throw EngineError(.duplicateDetector, "a detector with id '\(detector.id)' is already registered")
        }
        indexByID[detector.id] = detectors.count
        detectors.append(detector)
    }

    /// Removes the detectors whose ids are given; unknown ids throw ``EngineError/Code/unknownDetector``.
    public mutating func remove(ids: some Sequence<String>) throws {
        let doomed = Set(ids)
        if let unknown = doomed.first(where: { indexByID[$0] == nil }) {
            throw EngineError(.unknownDetector, "no detector with id '\(unknown)' is registered")
        }
        detectors.removeAll { doomed.contains($0.id) }
        indexByID = Dictionary(uniqueKeysWithValues: detectors.enumerated().map { ($1.id, $0) })
    }

    /// The detector with this id.
    public func detector(id: String) -> (any Detector)? { indexByID[id].map { detectors[$0] } }

    /// Whether a detector with this id is registered.
    public func contains(id: String) -> Bool { indexByID[id] != nil }

    /// All registered ids.
    public var ids: [String] { detectors.map(\.id) }

    static func check(_ detector: any Detector) throws {
        let id = detector.id
        guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) else {
            throw EngineError(.invalidDetector, "detector id '\(id)' must be non-empty lower snake case ([a-z0-9_])")
        }
        guard !detector.entityType.rawValue.isEmpty else {
            throw EngineError(.invalidDetector, "detector '\(id)' has an empty entity type")
        }
        guard !detector.patterns.isEmpty else {
            throw EngineError(.invalidDetector, "detector '\(id)' has no pattern")
        }
        let confidences = [detector.baseConfidence] + detector.patterns.compactMap(\.confidence)
        guard confidences.allSatisfy({ (0...1).contains($0) }) else {
            throw EngineError(.invalidDetector, "detector '\(id)': confidence must be within 0...1")
        }
        if let window = detector.context?.window, window < 0 || window > 4096 {
            throw EngineError(.invalidDetector, "detector '\(id)': context window must be within 0...4096 bytes")
        }
        if detector.patterns.contains(where: \.requiresContext), detector.context?.keywords.isEmpty ?? true {
            throw EngineError(.invalidDetector, "detector '\(id)' requires context but lists no keyword")
        }
    }
}
