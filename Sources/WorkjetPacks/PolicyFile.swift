import Foundation
import WorkjetEngine
import Yams

/// Reads a ``Policy`` from YAML (see `Patterns/README.md`, "Policy files"):
///
/// ```yaml
/// default: {action: redact, min_confidence: 0.5}
/// entity_types:
///   US_SSN: {action: block}
/// detectors:
///   generic_secret: {action: warn, min_confidence: 0.8}
/// redaction:
///   style: pseudonym             # label | mask | pseudonym | remove
///   key_env: WORKJET_PSEUDONYM_KEY
/// ```
///
/// A pseudonym key is read from the environment variable named by `key_env`, never from the file, so
/// that policy files can be committed. Every detector id is checked against the registry given.
public enum PolicyFile {
    static let topLevelKeys = ["default", "entity_types", "detectors", "redaction"]
    static let ruleKeys = ["action", "min_confidence"]
    static let redactionKeys = ["style", "keep", "key_env"]

    /// Reads and checks the policy at `path`.
    ///
    /// - Parameters:
    ///   - registry: the detectors the policy will run with; naming any other id is ``PackError/Code/unknownDetector``.
    ///   - environment: where `key_env` is looked up (the process environment by default; tests pass their own).
    public static func load(
        path: String, registry: DetectorRegistry = .builtins(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PackError) -> Policy {
        try parse(yaml: TextFile.read(path), source: path, registry: registry, environment: environment)
    }

    /// Checks and builds a policy from YAML text; `source` names it in errors.
    public static func parse(
        yaml: String, source: String, registry: DetectorRegistry = .builtins(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PackError) -> Policy {
        let root = try YAMLFields.root(yaml: yaml, source: source, expecting: "'default', 'entity_types', 'detectors' or 'redaction'")
        try root.rejectUnknownKeys(topLevelKeys, in: "the policy")
        var policy = Policy()
        if let fields = try root.fields("default") { policy.defaultRule = try rule(fields, "the default rule") }
        if let types = try root.fields("entity_types") {
            for (key, value) in try entries(types, "entity_types") {
                guard RuleParser.isUpperSnakeCase(key) else {
                    throw types.error(.invalidField, "entity type '\(key)' must be upper snake case, like US_SSN", at: value)
                }
                policy.entityTypes[EntityType(key)] = try rule(value, in: types, "entity type \(key)")
            }
        }
        if let detectors = try root.fields("detectors") {
            for (id, value) in try entries(detectors, "detectors") {
                guard registry.contains(id: id) else {
                    throw PackError(
                        .unknownDetector, "detector '\(id)' is not registered (known ids are listed by `workjet patterns list`)",
                        source: source, ruleID: id, line: value.mark?.line)
                }
                policy.detectors[id] = try rule(value, in: detectors, "detector '\(id)'")
            }
        }
        if let node = root.node("redaction") {
            policy.redaction = try redaction(node, in: root, environment: environment)
        }
        do {
            try policy.validate(against: registry)
        } catch {
            throw PackError(error.code == .unknownDetector ? .unknownDetector : .invalidField, error.message, source: source)
        }
        return policy
    }

    private static func entries(_ fields: YAMLFields, _ what: String) throws(PackError) -> [(String, Yams.Node)] {
        var result: [(String, Yams.Node)] = []
        for (key, value) in fields.mapping {
            guard let name = key.scalar?.string, !name.isEmpty else {
                throw fields.error(.invalidField, "keys of '\(what)' must be names", at: key)
            }
            result.append((name, value))
        }
        return result
    }

    private static func rule(_ node: Yams.Node, in parent: YAMLFields, _ what: String) throws(PackError) -> Policy.Rule {
        guard case .mapping(let mapping) = node else {
            throw parent.error(.invalidField, "\(what) must be a mapping like {action: redact, min_confidence: 0.5}", at: node)
        }
        return try rule(YAMLFields(mapping, source: parent.source), what)
    }

    private static func rule(_ fields: YAMLFields, _ what: String) throws(PackError) -> Policy.Rule {
        try fields.rejectUnknownKeys(ruleKeys, in: what)
        let name = try fields.requiredString("action", in: what)
        guard let action = Action(rawValue: name) else {
            let known = Action.allCases.map(\.rawValue).joined(separator: ", ")
            throw fields.error(.invalidField, "\(what): unknown action '\(name)'; expected one of: \(known)", at: fields.node("action"))
        }
        return Policy.Rule(action: action, minimumConfidence: try fields.double("min_confidence", in: 0...1) ?? 0.5)
    }

    private static func redaction(
        _ node: Yams.Node, in root: YAMLFields, environment: [String: String]
    ) throws(PackError) -> RedactionStyle {
        // `redaction: label` is short for `redaction: {style: label}`.
        let fields: YAMLFields?
        let style: String
        switch node {
        case .scalar(let scalar):
            fields = nil
            style = scalar.string
        case .mapping(let mapping):
            let inner = YAMLFields(mapping, source: root.source)
            if inner.node("key") != nil {
                throw inner.error(
                    .invalidField,
                    "a pseudonym key is never written in the policy file; put it in an environment variable and name that with 'key_env'",
                    at: inner.node("key"))
            }
            try inner.rejectUnknownKeys(redactionKeys, in: "redaction")
            fields = inner
            style = try inner.requiredString("style", in: "redaction")
        default:
            throw root.error(.invalidField, "'redaction' must be a style name or a mapping with 'style'", at: node)
        }
        if fields?.node("key_env") != nil, style != "pseudonym" {
            throw root.error(.invalidField, "'key_env' only applies to the pseudonym style", at: node)
        }
        switch style {
        case "label": return .label
        case "remove": return .remove
        case "mask": return .mask(keep: try fields?.int("keep", in: 0...64) ?? 4)
        case "pseudonym":
            guard let fields, let variable = try fields.string("key_env"), !variable.isEmpty else {
                throw root.error(
                    .missingField,
                    "the pseudonym style needs 'key_env', the name of an environment variable holding the key (keys are never written in the file)",
                    at: node)
            }
            guard let key = environment[variable], !key.isEmpty else {
                throw fields.error(.invalidField, "environment variable \(variable) (named by 'key_env') is not set or empty", at: fields.node("key_env"))
            }
            guard key.utf8.count >= 16 else {
                throw fields.error(.invalidField, "the key in \(variable) is \(key.utf8.count) bytes; the pseudonym key must be at least 16", at: fields.node("key_env"))
            }
            return .pseudonym(key: Array(key.utf8))
        default:
            throw root.error(.invalidField, "unknown redaction style '\(style)'; expected one of: label, mask, pseudonym, remove", at: node)
        }
    }
}
