/// Source and configuration: Python, JavaScript, YAML and `.env` snippets with assignments.
enum CodeTemplate {
    static func filler(_ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        switch rng.below(4) {
        case 0:
            w.add("\ndef ")
            w.add(rng.pick(Vocabulary.verbs))
            w.add("_")
            w.add(rng.pick(Vocabulary.nouns))
            w.add("(")
            w.add(rng.pick(Vocabulary.identifiers))
            w.add("):\n    if not ")
            w.add(rng.pick(Vocabulary.identifiers))
            w.add(":\n        raise ValueError(\"missing value\")\n    return ")
            w.add(rng.pick(Vocabulary.identifiers))
            w.add(" * ")
            w.add(number: rng.int(in: 2...100))
            w.add("\n")
        case 1:
            w.add("const ")
            w.add(rng.pick(Vocabulary.nouns))
            w.add(" = await fetch(`${baseUrl}")
            w.add(rng.pick(Vocabulary.paths))
            w.add("`, { method: '")
            w.add(rng.pick(Vocabulary.methods))
            w.add("' });\n")
        case 2:
            w.add(rng.pick(Vocabulary.identifiers))
            w.add(": ")
            w.add(number: rng.int(in: 1...512))
            w.add("\nimage: registry.")
            w.add(rng.pick(Vocabulary.companies))
            w.add(".io/")
            w.add(rng.pick(Vocabulary.services))
            w.add(":")
            w.add(DecoyValues.semver(&rng))
            w.add("\n")
        default:
            w.addUpper(rng.pick(Vocabulary.identifiers))
            w.add("=")
            w.add(number: rng.int(in: 0...1000))
            w.add("\n")
        }
    }

    static func entity(_ plant: Plant, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        if plant.type == .awsAccessKeyID && rng.percent(30) {
            // The shared credentials file: an access key id and its secret together.
            w.add("\n[default]\naws_access_key_id = ")
            w.plant(.awsAccessKeyID, plant.value)
            w.add("\naws_secret_access_key = ")
            w.plant(.awsSecretAccessKey, AWSMaker.secretValue(&rng))
            w.add("\nregion = us-west-2\n")
            return
        }
        if plant.type == .awsAccessKeyID && rng.percent(20) {
            // The CSV the console offers when a key is created.
            w.add("\nAccess key ID,Secret access key\n")
            w.plant(.awsAccessKeyID, plant.value)
            w.add(",")
            w.plant(.awsSecretAccessKey, AWSMaker.secretValue(&rng))
            w.add("\n")
            return
        }
        var style = rng.pick(Style.code)
        if plant.multiline && style == .env { style = .python }
        w.write(plant, style: style, rng: &rng)
        w.add("\n")
    }

    static func decoy(_ decoy: Decoy, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        w.write(decoy, style: rng.pick(Style.code))
        w.add("\n")
    }
}
