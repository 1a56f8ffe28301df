/// The location of a value inside a JSON document, for example `$.messages[0].content`.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible, Codable {
    /// One step: an object key or an array index.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The steps from the root.
    public var components: [Component]

    /// Creates a path.
    public init(_ components: [Component] = []) { self.components = components }

    /// The last object key on the path, if any (`content` for `$.messages[0].content`).
    public var lastKey: String? {
        for component in components.reversed() { if case .key(let k) = component { return k } }
        return nil
    }

    /// JSONPath notation: `$.a.b[2]`, with bracket-quoted keys when they are not identifiers.
    public var description: String {
        var s = "$"
        for component in components {
            switch component {
            case .index(let i): s += "[\(i)]"
            case .key(let k):
                if !k.isEmpty, k.utf8.allSatisfy({ ASCII.isAlnum($0) || $0 == 95 }) {
                    s += "." + k
                } else {
                    s += "['" + k.replacingAll("'", with: "\\'") + "']"
                }
            }
        }
        return s
    }

    public init(from decoder: any Decoder) throws {
        // Paths are reported, not read back; decoding keeps the rendered form as one key.
        self.components = [.key(try decoder.singleValueContainer().decode(String.self))]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
