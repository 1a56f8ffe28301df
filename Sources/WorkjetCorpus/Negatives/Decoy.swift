/// A hard negative: a real-world value that looks like sensitive data but is not, written unlabelled.
struct Decoy {
    /// Field name for key/value styles.
    var key: StaticString
    /// Lead-in for prose.
    var phrase: StaticString
    var value: [UInt8]
    /// Whether the value is already a whole `key = value` assignment or header (placeholders, example keys),
    /// to be written as is rather than under `key`.
    var isAssignment = false
}
