/// English prose: email bodies, support tickets and chat, one sentence at a time.
enum ProseTemplate {
    static func filler(_ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        switch rng.below(10) {
        case 0:
            w.add("\n\nSubject: ")
            w.add(rng.pick(Vocabulary.adjectives))
            w.add(" ")
            w.add(rng.pick(Vocabulary.nouns))
            w.add(" ")
            w.add(rng.pick(Vocabulary.verbs))
            w.add("\n\n")
            w.add(rng.pick(Vocabulary.openers))
        case 1:
            w.add("\n")
            w.add(rng.pick(Vocabulary.closers))
            w.add("\n")
            w.add(rng.pick(Vocabulary.firstNames))
            w.add("\n\n")
        default:
            sentence(&w, &rng)
        }
    }

    static func sentence(_ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        switch rng.below(5) {
        case 0:
            w.add("The ")
            w.add(rng.pick(Vocabulary.adjectives))
            w.add(" ")
            w.add(rng.pick(Vocabulary.nouns))
            w.add(" was ")
            w.add(rng.pick(Vocabulary.verbs))
            w.add(" by ")
            w.add(rng.pick(Vocabulary.firstNames))
            w.add(" ")
            w.add(rng.pick(Vocabulary.lastNames))
            w.add(". ")
        case 1:
            w.add(rng.pick(Vocabulary.firstNames))
            w.add(" said the ")
            w.add(rng.pick(Vocabulary.nouns))
            w.add(" needs another look before we ")
            w.add(rng.pick(["ship it", "sign off", "close the ticket", "tell the customer", "merge"] as [StaticString]))
            w.add(". ")
        case 2:
            w.add("Can you check whether the ")
            w.add(rng.pick(Vocabulary.nouns))
            w.add(" for ")
            w.add(rng.pick(Vocabulary.companies))
            w.add(" is still ")
            w.add(rng.pick(Vocabulary.adjectives))
            w.add("? ")
        case 3:
            w.add("We ")
            w.add(rng.pick(Vocabulary.verbs))
            w.add(" ")
            w.add(DecoyValues.digits(rng.int(in: 2...40), 1))
            w.add(" ")
            w.add(rng.pick(Vocabulary.nouns))
            w.add("s this week and ")
            w.add(DecoyValues.digits(rng.int(in: 2...40), 1))
            w.add(" are still open. ")
        default:
            w.add("I have ")
            w.add(rng.pick(Vocabulary.verbs))
            w.add(" the ")
            w.add(rng.pick(Vocabulary.nouns))
            w.add(" and attached the ")
            w.add(rng.pick(Vocabulary.adjectives))
            w.add(" ")
            w.add(rng.pick(Vocabulary.nouns))
            w.add(". ")
        }
    }

    static func entity(_ plant: Plant, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        if plant.multiline || plant.isHeader {
            w.add("\n")
            w.write(plant, style: .prose, rng: &rng)
            w.add("\n")
            return
        }
        w.add(rng.pick(Vocabulary.openers))
        w.write(plant, style: .prose, rng: &rng)
        if plant.type == .apiSecret || plant.type == .awsSecretAccessKey {
            // A trailing period would read as part of a password, so pasted secrets end the line.
            w.add(rng.pick([" (please rotate)\n", "\n", " - do not share\n", " \n"] as [StaticString]))
        } else {
            w.add(rng.pick([". ", ", thanks. ", " for the renewal. ", "; see below. ", " (updated). "] as [StaticString]))
        }
    }

    static func decoy(_ decoy: Decoy, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        w.add(rng.pick(["Note: ", "For reference, ", "", "Logged ", "See "] as [StaticString]))
        w.write(decoy, style: .prose)
        w.add(rng.pick([". ", "\n", " - no action needed. "] as [StaticString]))
    }
}
