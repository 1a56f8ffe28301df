/// JSON: API payloads, configuration objects and chat messages, one object per line (NDJSON).
enum JSONTemplate {
    static func filler(_ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        switch rng.below(3) {
        case 0:
            w.add(#"{"id": "#)
            w.add(number: rng.int(in: 1000...999_999))
            w.add(#", "type": ""#)
            w.add(rng.pick(Vocabulary.nouns))
            w.add(#"", "status": ""#)
            w.add(rng.pick(Vocabulary.verbs))
            w.add(#"", "created_at": ""#)
            w.add(DecoyValues.timestamp(&rng))
            w.add(#"", "quantity": "#)
            w.add(number: rng.int(in: 1...50))
            w.add("}\n")
        case 1:
            w.add(#"{"service": ""#)
            w.add(rng.pick(Vocabulary.services))
            w.add(#"", "region": "us-east-1", ""#)
            w.add(rng.pick(Vocabulary.identifiers))
            w.add(#"": "#)
            w.add(number: rng.int(in: 1...3600))
            w.add(#", "enabled": "#)
            w.add(rng.percent(50) ? "true" : "false")
            w.add("}\n")
        default:
            w.add(#"{"role": ""#)
            w.add(rng.percent(50) ? "user" : "assistant")
            w.add(#"", "content": ""#)
            ProseTemplate.sentence(&w, &rng)
            ProseTemplate.sentence(&w, &rng)
            w.add("\"}\n")
        }
    }

    static func entity(_ plant: Plant, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        if rng.percent(35) && !plant.multiline {
            // A chat message that carries the value in its text: what an AI gateway sees.
            w.add(#"{"model": "gpt-4o", "messages": [{"role": "user", "content": ""#)
            w.add(rng.pick(Vocabulary.openers))
            var inner = plant
            if inner.prefix == "\"" { inner.prefix = ""; inner.suffix = "" }
            w.add(inner.phrase)
            w.add(inner.prefix)
            w.plantJSONEscaped(inner.type, inner.value)
            w.add(inner.suffix)
            w.add(#" \n"}]}"#)
            w.add("\n")
            return
        }
        w.add(#"{"id": "#)
        w.add(number: rng.int(in: 1000...999_999))
        w.add(", ")
        w.write(plant, style: .json, rng: &rng)
        w.add(#", "updated_at": ""#)
        w.add(DecoyValues.timestamp(&rng))
        w.add("\"}\n")
    }

    static func decoy(_ decoy: Decoy, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        w.add(#"{"id": "#)
        w.add(number: rng.int(in: 1000...999_999))
        w.add(", ")
        w.write(decoy, style: .json)
        w.add("}\n")
    }
}
