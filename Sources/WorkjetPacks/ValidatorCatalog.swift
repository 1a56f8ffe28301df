import WorkjetEngine

/// The validators a pack rule can name with `validator:`.
///
/// | name          | validator                | checks                                               |
/// |---------------|--------------------------|------------------------------------------------------|
/// | `luhn`        | ``CardValidator``        | card brand prefix and length, Luhn checksum          |
/// | `ssn`         | ``SSNValidator``         | SSA area/group/serial rules                          |
/// | `email`       | ``EmailValidator``       | local-part rules, a real top-level domain            |
/// | `phone`       | ``PhoneValidator``       | NANP rules, E.164 country codes and lengths          |
/// | `jwt`         | ``JWTValidator``         | the header decodes to JSON naming an `alg`           |
/// | `placeholder` | ``PlaceholderFilter``    | rejects `YOUR_KEY`, `${VAR}`, `xxxx`, `changeme`, …  |
/// | `iban`        | ``IBANValidator``        | ISO 13616 country length and ISO 7064 mod-97 check   |
/// | `nhs_number`  | ``NHSNumberValidator``   | UK NHS number modulus 11 check digit                 |
public enum ValidatorCatalog {
    /// Every name a rule may use, sorted.
    public static let names: [String] = ["email", "iban", "jwt", "luhn", "nhs_number", "phone", "placeholder", "ssn"]

    /// The validator called `name`, or `nil` when there is none.
    public static func validator(named name: String) -> (any Validator)? {
        switch name {
        case "luhn": CardValidator()
        case "ssn": SSNValidator()
        case "email": EmailValidator()
        case "phone": PhoneValidator()
        case "jwt": JWTValidator()
        case "placeholder": PlaceholderFilter()
        case "iban": IBANValidator()
        case "nhs_number": NHSNumberValidator()
        default: nil
        }
    }
}
