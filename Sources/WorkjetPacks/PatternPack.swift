import Foundation
import WorkjetEngine
import Yams

/// A named set of custom detectors described in YAML (see `Patterns/README.md` for the format).
///
/// Loading is all-or-nothing: every rule is checked, and every pattern is compiled by building a
/// throwaway ``Engine`` from the pack, before a pack is returned.
///
/// ```swift
/// let packs = try PatternPack.loadDirectory("Patterns")
/// var registry = DetectorRegistry.builtins()
/// try PatternPack.register(packs, into: &registry)
/// let engine = try Engine(registry: registry)
/// ```
public struct PatternPack: Sendable {
    /// The pack's name (`pack:`), lower case with `-` or `_`.
    public var name: String
    /// What the pack detects (`description:`; empty when absent).
    public var description: String
    /// One detector per rule, in file order.
    public var detectors: [PatternDetector]
    /// The file the pack was read from (or the name given to ``parse(yaml:source:)``).
    public var source: String
    /// The line of each rule's `id`, by rule id, for error messages.
    var ruleLines: [String: Int]

    static let topLevelKeys = ["pack", "description", "rules"]

    /// Ids of the built-in detectors, which a pack may not reuse.
    static let builtinIDs: Set<String> = Set(DetectorRegistry.builtins().ids)

    /// Reads and checks the pack at `path`.
    public static func load(path: String) throws(PackError) -> PatternPack {
        try parse(yaml: TextFile.read(path), source: path)
    }

    /// Checks and builds a pack from YAML text; `source` names it in errors.
    public static func parse(yaml: String, source: String) throws(PackError) -> PatternPack {
        let root = try YAMLFields.root(yaml: yaml, source: source, expecting: "'pack', 'description' and 'rules'")
        try root.rejectUnknownKeys(topLevelKeys, in: "the pack")
        let name = try root.requiredString("pack", in: "the pack")
        guard isPackName(name) else {
            throw root.error(.invalidField, "pack name '\(name)' must be lower case letters, digits, '-' or '_'", at: root.node("pack"))
        }
        let description = try root.string("description") ?? ""
        guard let rulesNode = root.node("rules") else { throw root.error(.missingField, "the pack has no 'rules'") }
        guard case .sequence(let items) = rulesNode, !items.isEmpty else {
            throw root.error(.invalidField, "'rules' must be a non-empty list", at: rulesNode)
        }

        let parser = RuleParser(source: source)
        var rules: [RuleParser.Rule] = []
        var lines: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let rule = try parser.parse(item, index: index)
            let id = rule.detector.id
            if let first = lines[id] {
                throw PackError(.duplicateID, "id '\(id)' is used twice in this pack (first on line \(first))", source: source, ruleID: id, line: rule.line)
            }
            if builtinIDs.contains(id) {
                throw PackError(.duplicateID, "id '\(id)' is already used by a built-in detector", source: source, ruleID: id, line: rule.line)
            }
            lines[id] = rule.line ?? 0
            rules.append(rule)
        }
        try compile(rules, source: source)
        return PatternPack(name: name, description: description, detectors: rules.map(\.detector), source: source, ruleLines: lines)
    }

    /// Loads every `*.yaml` and `*.yml` file directly in `path`, sorted by pack name.
    ///
    /// Throws ``PackError/Code/duplicateID`` when two packs share a name or a rule id.
    public static func loadDirectory(_ path: String) throws(PackError) -> [PatternPack] {
        let files = try TextFile.list(directory: path, extensions: ["yaml", "yml"])
        var packs: [PatternPack] = []
        for file in files { packs.append(try load(path: file)) }
        packs.sort { ($0.name, $0.source) < ($1.name, $1.source) }
        for (index, pack) in packs.enumerated().dropFirst() where pack.name == packs[index - 1].name {
            throw PackError(.duplicateID, "pack name '\(pack.name)' is also used by \(packs[index - 1].source)", source: pack.source)
        }
        var registry = DetectorRegistry()
        try register(packs, into: &registry)
        return packs
    }

    /// Adds the detectors of `packs` to `registry` (usually ``DetectorRegistry/builtins(options:)``),
    /// all or nothing; a rule id that is already registered throws ``PackError/Code/duplicateID``
    /// naming both places.
    public static func register(_ packs: [PatternPack], into registry: inout DetectorRegistry) throws(PackError) {
        var updated = registry
        var owner: [String: String] = [:]
        for pack in packs {
            for detector in pack.detectors {
                let line = pack.ruleLines[detector.id]
                if updated.contains(id: detector.id) {
                    let other = owner[detector.id].map { "pack \($0)" } ?? "a detector already registered (built-in or added in code)"
                    throw PackError(.duplicateID, "id '\(detector.id)' is already used by \(other)", source: pack.source, ruleID: detector.id, line: line)
                }
                do {
                    try updated.register(detector)
                } catch {
                    throw PackError(.invalidField, "\(error)", source: pack.source, ruleID: detector.id, line: line)
                }
                owner[detector.id] = pack.source
            }
        }
        registry = updated
    }

    /// Compiles every pattern by building an engine from the pack alone; maps the engine's error to
    /// the rule (and pattern line) at fault.
    private static func compile(_ rules: [RuleParser.Rule], source: String) throws(PackError) {
        do {
            _ = try Engine(registry: DetectorRegistry(rules.map(\.detector)))
        } catch let error as EngineError {
            // The engine names the culprit as "detector '<id>' pattern <n> /<regex>/: <reason>".
            for rule in rules {
                let prefix = "detector '\(rule.detector.id)' "
                guard let range = error.message.range(of: prefix) else { continue }
                let detail = String(error.message[range.upperBound...])
                var line = rule.line
                if let n = Self.patternNumber(detail), rule.patternLines.indices.contains(n - 1) {
                    line = rule.patternLines[n - 1] ?? line
                }
                throw PackError(code(for: error), detail, source: source, ruleID: rule.detector.id, line: line)
            }
            throw PackError(code(for: error), error.message, source: source)
        } catch {
            throw PackError(.invalidPattern, "\(error)", source: source)
        }
    }

    private static func code(for error: EngineError) -> PackError.Code {
        switch error.code {
        case .invalidPattern: .invalidPattern
        case .duplicateDetector: .duplicateID
        default: .invalidField
        }
    }

    /// `n` from a message starting `pattern n /`.
    private static func patternNumber(_ detail: String) -> Int? {
        guard detail.hasPrefix("pattern ") else { return nil }
        return Int(detail.dropFirst(8).prefix { $0.isNumber })
    }

    static func isPackName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first &- 97 < 26 || first &- 48 < 10 else { return false }
        return name.utf8.allSatisfy { $0 &- 97 < 26 || $0 &- 48 < 10 || $0 == 45 || $0 == 95 }
    }
}
