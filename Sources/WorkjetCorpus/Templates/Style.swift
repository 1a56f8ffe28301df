/// The syntax a value is written in: how a key, a value and its quoting fit together.
enum Style {
    case prose, log, json, python, javascript, yaml, env

    static let code: [Style] = [.python, .javascript, .yaml, .env]
}

extension DocumentWriter {
    /// Writes a planted entity as `style` writes a field: `key=value`, `"key": "value"`, `KEY=value`, …
    /// The label covers the value only.
    mutating func write(_ plant: Plant, style: Style, rng: inout Xoshiro256) {
        switch style {
        case .prose:
            add(plant.phrase)
            add(plant.prefix)
            self.plant(plant.type, plant.value)
            add(plant.suffix)
        case .log:
            if plant.multiline {
                add(plant.key)
                add(":\n")
                self.plant(plant.type, plant.value)
                return
            }
            add(plant.key)
            add(plant.isHeader ? ": " : "=")
            add(plant.prefix)
            self.plant(plant.type, plant.value)
            add(plant.suffix)
        case .json:
            add("\"")
            add(plant.key)
            add("\": \"")
            if plant.type != .email { add(plant.prefix) }
            plantJSONEscaped(plant.type, plant.value)
            if plant.type != .email { add(plant.suffix) }
            add("\"")
        case .python, .javascript, .env:
            if plant.multiline {
                add(plant.key)
                add(" = \"\"\"\n")
                self.plant(plant.type, plant.value)
                add("\n\"\"\"")
                return
            }
            switch style {
            case .javascript: add("const "); add(plant.key); add(" = '")
            case .env: addUpper(plant.key); add("=")
            default: add(plant.key); add(" = \"")
            }
            if plant.type != .email { add(plant.prefix) }
            self.plant(plant.type, plant.value)
            if plant.type != .email { add(plant.suffix) }
            switch style {
            case .javascript: add("';")
            case .env: break
            default: add("\"")
            }
        case .yaml:
            add(plant.key)
            if plant.multiline {
                add(": |\n  ")
                let start = count
                for b in plant.value {
                    add(byte: b)
                    if b == 10 { add("  ") }
                }
                planted.append(PlantedEntity(type: plant.type.rawValue, start: start, end: count))
                return
            }
            add(": ")
            if plant.type != .email { add(plant.prefix) }
            self.plant(plant.type, plant.value)
            if plant.type != .email { add(plant.suffix) }
        }
    }

    /// Writes a hard negative the same way, unlabelled.
    mutating func write(_ decoy: Decoy, style: Style) {
        if decoy.isAssignment {
            if style == .json {
                add("\"")
                add(decoy.key)
                add("\": ")
                if decoy.value.first == 123 { add(decoy.value) } else { add("\""); addJSONEscaped(decoy.value); add("\"") }
            } else {
                add(decoy.value)
            }
            return
        }
        switch style {
        case .prose:
            add(decoy.phrase.utf8CodeUnitCount == 0 ? decoy.key : decoy.phrase)
            if decoy.phrase.utf8CodeUnitCount == 0 { add(": ") }
            add(decoy.value)
        case .log:
            add(decoy.key)
            add(decoy.key == "Authorization" ? ": " : "=")
            add(decoy.value)
        case .json:
            add("\"")
            add(decoy.key)
            add("\": \"")
            addJSONEscaped(decoy.value)
            add("\"")
        case .python: add(decoy.key); add(" = \""); add(decoy.value); add("\"")
        case .javascript: add("const "); add(decoy.key); add(" = '"); add(decoy.value); add("';")
        case .env: addUpper(decoy.key); add("="); add(decoy.value)
        case .yaml: add(decoy.key); add(": "); add(decoy.value)
        }
    }

    mutating func addUpper(_ s: StaticString) {
        s.withUTF8Buffer { for b in $0 { add(byte: b &- 97 < 26 ? b - 32 : (b == 45 ? 95 : b)) } }
    }
}

extension StaticString {
    static func == (lhs: StaticString, rhs: StaticString) -> Bool {
        lhs.withUTF8Buffer { l in rhs.withUTF8Buffer { r in l.elementsEqual(r) } }
    }
}
