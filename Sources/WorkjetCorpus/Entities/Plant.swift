/// One sensitive value ready to be written by a document template, with the words that usually surround it.
struct Plant {
    var type: EntityName
    /// The sensitive bytes: exactly the span that is labelled.
    var value: [UInt8]
    /// Field name for key/value styles (JSON, logs, code). When a detector needs a keyword
    /// (`aws_secret_access_key`, `api_key`, `ssn` before a bare number), the key carries it.
    var key: StaticString
    /// Lead-in for prose, ending in a space or `": "`.
    var phrase: StaticString
    /// Unlabelled bytes between the key or phrase and the value (`Bearer `, `mailto:`).
    var prefix: StaticString = ""
    /// Unlabelled bytes right after the value (`>` after `<` in a mail header).
    var suffix: StaticString = ""
    /// Values that span lines (PEM blocks): templates quote them as block strings or escape them.
    var multiline = false
    /// Whether the value is an HTTP header value (`Authorization: Bearer …`), written `key: value` in logs.
    var isHeader = false
}

/// Picks which kind of entity to plant next, with weights that give every type enough samples.
enum EntityMaker {
    static func make(_ rng: inout Xoshiro256) -> Plant {
        let roll = rng.below(100)
        switch roll {
        case 0..<14: return CardMaker.make(&rng)
        case 14..<26: return SSNMaker.make(&rng)
        case 26..<41: return EmailMaker.make(&rng)
        case 41..<56: return PhoneMaker.make(&rng)
        case 56..<64: return AWSMaker.accessKeyID(&rng)
        case 64..<72: return AWSMaker.secretAccessKey(&rng)
        default: return SecretMaker.make(&rng)
        }
    }
}
