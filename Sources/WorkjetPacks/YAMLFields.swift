import Yams

/// Typed, located access to the fields of one YAML mapping, turning every shape error into a
/// ``PackError`` that names the file, the rule and the line.
struct YAMLFields {
    let mapping: Node.Mapping
    let source: String
    /// The rule these fields belong to, for error messages.
    var ruleID: String?
    /// Where the mapping starts (used when a required field is missing).
    var line: Int? { mapping.mark?.line }

    init(_ mapping: Node.Mapping, source: String, ruleID: String? = nil) {
        self.mapping = mapping
        self.source = source
        self.ruleID = ruleID
    }

    /// Reads the top-level node of a document; an empty document or a parse error is ``PackError/Code/invalidYAML``.
    static func root(yaml: String, source: String, expecting what: String) throws(PackError) -> YAMLFields {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw PackError(.invalidYAML, "not valid YAML: \(Self.describe(error))", source: source, line: Self.line(of: error))
        } catch {
            throw PackError(.invalidYAML, "not valid YAML: \(error)", source: source)
        }
        guard let node else { throw PackError(.invalidYAML, "the file is empty; expected \(what)", source: source) }
        guard case .mapping(let mapping) = node else {
            throw PackError(.invalidYAML, "the top level must be a mapping with \(what)", source: source, line: node.mark?.line)
        }
        return YAMLFields(mapping, source: source)
    }

    func error(_ code: PackError.Code, _ message: String, at node: Node? = nil) -> PackError {
        PackError(code, message, source: source, ruleID: ruleID, line: node?.mark?.line ?? line)
    }

    /// Rejects keys outside `allowed`, so that a misspelt field is an error rather than silently ignored.
    func rejectUnknownKeys(_ allowed: [String], in what: String) throws(PackError) {
        for (key, _) in mapping {
            guard let name = key.scalar?.string, allowed.contains(name) else {
                let shown = key.scalar?.string ?? "a non-scalar key"
                throw error(.invalidField, "unknown field '\(shown)' in \(what); expected one of: \(allowed.joined(separator: ", "))", at: key)
            }
        }
    }

    /// The value node for `key`, or `nil` when the key is absent or its value is null (`key:` or `key: ~`).
    func node(_ key: String) -> Node? {
        guard let value = mapping[key] else { return nil }
        if case .scalar(let scalar) = value, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return value
    }

    /// The line of `key`'s value, else of the mapping.
    func line(of key: String) -> Int? { mapping[key]?.mark?.line ?? line }

    func string(_ key: String) throws(PackError) -> String? {
        guard let value = node(key) else { return nil }
        guard case .scalar(let scalar) = value else {
            throw error(.invalidField, "'\(key)' must be a string", at: value)
        }
        return scalar.string
    }

    func requiredString(_ key: String, in what: String) throws(PackError) -> String {
        guard let value = try string(key) else {
            throw error(.missingField, "\(what) has no '\(key)'")
        }
        guard !value.isEmpty else { throw error(.invalidField, "'\(key)' must not be empty", at: node(key)) }
        return value
    }

    func bool(_ key: String) throws(PackError) -> Bool? {
        guard let value = node(key) else { return nil }
        guard case .scalar(let scalar) = value, let result = Self.bool(scalar.string) else {
            throw error(.invalidField, "'\(key)' must be true or false", at: value)
        }
        return result
    }

    func double(_ key: String, in range: ClosedRange<Double>) throws(PackError) -> Double? {
        guard let value = node(key) else { return nil }
        guard case .scalar(let scalar) = value, let number = Double(scalar.string), number.isFinite else {
            throw error(.invalidField, "'\(key)' must be a number within \(range.lowerBound)...\(range.upperBound)", at: value)
        }
        guard range.contains(number) else {
            throw error(.invalidField, "'\(key)' is \(scalar.string), outside \(range.lowerBound)...\(range.upperBound)", at: value)
        }
        return number
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws(PackError) -> Int? {
        guard let value = node(key) else { return nil }
        guard case .scalar(let scalar) = value, let number = Int(scalar.string) else {
            throw error(.invalidField, "'\(key)' must be a whole number within \(range.lowerBound)...\(range.upperBound)", at: value)
        }
        guard range.contains(number) else {
            throw error(.invalidField, "'\(key)' is \(number), outside \(range.lowerBound)...\(range.upperBound)", at: value)
        }
        return number
    }

    /// A list of strings; a lone string is not accepted, so that `examples: foo` is caught.
    func stringList(_ key: String) throws(PackError) -> [String]? {
        guard let value = node(key) else { return nil }
        guard case .sequence(let sequence) = value else {
            throw error(.invalidField, "'\(key)' must be a list of strings", at: value)
        }
        var result: [String] = []
        for (index, item) in sequence.enumerated() {
            guard case .scalar(let scalar) = item else {
                throw error(.invalidField, "'\(key)' item \(index + 1) must be a string", at: item)
            }
            result.append(scalar.string)
        }
        return result
    }

    func fields(_ key: String) throws(PackError) -> YAMLFields? {
        guard let value = node(key) else { return nil }
        guard case .mapping(let inner) = value else {
            throw error(.invalidField, "'\(key)' must be a mapping", at: value)
        }
        return YAMLFields(inner, source: source, ruleID: ruleID)
    }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": true
        case "false", "no", "off": false
        default: nil
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            let around = context.map { " (\($0.text))" } ?? ""
            return problem + around
        case .reader(let problem, _, _, _): return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate keys in a mapping: \(duplicates.joined(separator: ", "))"
        default: return "\(error)"
        }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: nil
        }
    }
}
