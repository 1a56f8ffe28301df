/// The built-in detectors: credit cards, US SSNs, email addresses, phone numbers, AWS keys and API secrets.
///
/// They are ordinary ``PatternDetector`` values registered through ``DetectorRegistry``, like custom ones.
public enum BuiltinDetectors {
    /// Every built-in detector.
    public static func all(options: BuiltinOptions = BuiltinOptions()) -> [any Detector] {
        [creditCard, usSSN, email, phone, awsAccessKeyID(options), awsSecretAccessKey(options)]
            + secrets
    }

    // Digits not glued to other digits (or to a separator followed by a digit).
    private static let noDigitBefore = #"(?<![0-9])(?<![0-9][ -])"#
    private static let noDigitAfter = #"(?![0-9])(?![ -][0-9])"#

    /// `CREDIT_CARD`: 12-19 digits, plain or grouped by spaces or dashes; brand table, Luhn, no all-same digits.
    public static let creditCard = PatternDetector(
        id: "credit_card", entityType: .creditCard,
        patterns: [
            DetectorPattern(noDigitBefore + #"[0-9]{12,19}"# + noDigitAfter, confidence: 0.8, digitShape: .group(12...19)),
            DetectorPattern(
                noDigitBefore + #"[0-9]{4}[ -][0-9]{4}[ -][0-9]{4}[ -][0-9]{1,4}(?:[ -][0-9]{1,3})?"# + noDigitAfter,
                confidence: 0.9, digitShape: .groups([4...4, 4...4, 4...4, 1...4], separators: " -")),
            DetectorPattern(
                noDigitBefore + #"[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}"# + noDigitAfter, confidence: 0.9,
                digitShape: .groups([4...4, 6...6, 4...5], separators: " -")),
        ],
        baseConfidence: 0.85,
        context: ContextRule(
            keywords: ["card", "visa", "mastercard", "amex", "discover", "credit", "debit", "payment", "cc", "pan"],
            window: 48, boost: 0.1),
        validator: CardValidator(),
        examples: [
            "card 4111 1111 1111 1111 exp 12/29", "pay with 5500-0000-0000-0004", "amex 3782 822463 10005",
            "4012888888881881", "Diners 30569309025904", "JCB 3530111333300000", "unionpay 6212345678901232",
            "2223000048400011",
        ],
        negativeExamples: [
            "4111 1111 1111 1112", "4444444444444444", "order 1234567890123456", "4111-1111 1111-1111",
            "ts=17000000000000001", "phone 415-555-0134", "id 84111111111111111111",
        ])

    /// `US_SSN`: `AAA-GG-SSSS` (dash or space, not mixed) with SSA rules; a bare 9-digit number needs a keyword.
    public static let usSSN = PatternDetector(
        id: "us_ssn", entityType: .usSSN,
        patterns: [
            DetectorPattern(
                #"(?<![0-9-])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9]|-[0-9])"#, confidence: 0.8,
                digitShape: .groups([3...3, 2...2, 4...4], separators: "-")),
            DetectorPattern(
                #"(?<![0-9])(?<![0-9] )[0-9]{3} [0-9]{2} [0-9]{4}(?![0-9]| [0-9])"#, confidence: 0.65,
                digitShape: .groups([3...3, 2...2, 4...4], separators: " ")),
            DetectorPattern(
                #"(?<![0-9])[0-9]{9}(?![0-9])"#, confidence: 0.6, requiresContext: true, digitShape: .group(9...9)),
        ],
        baseConfidence: 0.8,
        context: ContextRule(
            // "tin" only as a word: as a bare substring it fires inside "routing number", "meeting", "setting".
            keywords: ["ssn", "social security", "social_security", "socialsecurity", "social sec", "ss#", "ss #", "taxpayer", "tax id", " tin:", " tin ", " tin#", "(tin)"],
            window: 48, boost: 0.3),
        validator: SSNValidator(),
        examples: [
            "SSN 536-22-8745", "ssn: 536 22 8745", "Social Security Number 536228745", "id 212-33-4567 on file",
            "Form W-9 TIN: 536228745", "{\"social_security_number\": \"536228745\"}",
        ],
        negativeExamples: [
            "078-05-1120", "666-12-3456", "900-12-3456", "536-00-8745", "536-22-0000", "123-45-6789", "536228745",
            "536-22 8745", "2023-11-15", "415-555-0134", "1536-22-8745", "routing number 021000021",
        ])

    /// `EMAIL_ADDRESS`: the address alone, with a real top-level domain.
    public static let email = PatternDetector(
        id: "email_address", entityType: .emailAddress,
        patterns: [
            DetectorPattern(
                #"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"#,
                // The local part and the domain's first three bytes (every domain has at least four: `a.io`):
                // one candidate end per address, and PCRE2 looks back 69 bytes for the start instead of the 343
                // of the whole address (21.5 K instructions per address on dense text before, most of it PCRE2
                // retrying starts over the window). Three domain bytes, not one, turn away most `@`s in binary
                // data, which were three in four e-mail candidates of the sparse benchmark text.
                candidateRegex: #"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{2}"#)
        ],
        baseConfidence: 0.9,
        validator: EmailValidator(),
        examples: [
            "mail jane.doe@example.com today", "<bob+tag@mail.co.uk>", "mailto:ops@acme.io", "\"x_y@sub.domain.org\"",
        ],
        negativeExamples: ["user@localhost", "image@2x.png", "a@b", "john..doe@example.com", "@example.com", "x@-bad.com"])

    /// `PHONE_NUMBER`: North American numbers in common shapes (NANP rules) and international numbers (E.164).
    public static let phone = PatternDetector(
        id: "phone_number", entityType: .phoneNumber,
        patterns: [
            DetectorPattern(
                #"(?<![0-9A-Za-z+_.\-/])(?<![0-9][ .-])(?:\+?1[ .-]?)?(?:\([2-9][0-9]{2}\)[ .-]?|[2-9][0-9]{2}[ .-]?)[2-9][0-9]{2}[ .-]?[0-9]{4}(?:[ ]?(?:x|ext\.?|extension)[ ]?[0-9]{1,6})?(?![0-9A-Za-z_\-/]|\.[0-9])"#,
                digitShape: .northAmerican),
            DetectorPattern(
                #"(?<![0-9A-Za-z+_.\-/])\+[1-9][0-9]{0,2}(?:[ .-]?\(?[0-9]{1,5}\)?){2,6}(?![0-9A-Za-z_\-/]|\.[0-9])"#,
                digitShape: .international(minimumDigits: 3)),
            DetectorPattern(
                #"(?<![0-9A-Za-z+_.\-/])0[1-9](?:[ .][0-9]{2}){4}(?![0-9A-Za-z_\-/]|\.[0-9])"#, confidence: 0.5,
                requiresContext: true,
                digitShape: .groups([2...2, 2...2, 2...2, 2...2, 2...2], separators: " .", leadingZero: true)),
            DetectorPattern(
                #"(?<![0-9A-Za-z+_.\-/])0[1-9][0-9]{1,3} [0-9]{3,4} ?[0-9]{3,4}(?![0-9A-Za-z_\-/]|\.[0-9])"#,
                confidence: 0.5, requiresContext: true,
                digitShape: .groups([3...5, 3...8], separators: " ", leadingZero: true, minimumDigits: 9)),
        ],
        baseConfidence: 0.75,
        context: ContextRule(
            // Short keywords with a delimiter: bare "tel", "cell" and "ring" match inside "tell", "cancelled", "string".
            keywords: [
                "phone", "tel ", "tel:", "tel.", "tel#", "telefon", "call", "mobile", "cell ", "cell:", "cell#",
                "cellphone", "fax", "contact", "sms", "whatsapp", "ring me", "ring us",
            ],
            window: 48, boost: 0.2),
        validator: PhoneValidator(),
        examples: [
            "call (415) 555-0134", "415.555.0134", "+1 415 555 0134", "1-415-555-0134", "415-555-0134 x204",
            "+44 20 7946 0958", "+49 30 1234567", "+33 1 23 45 67 89", "phone: 4155550134", "tel 020 7946 0958",
        ],
        negativeExamples: [
            "2023-11-15 10:30:00", "192.168.100.200", "v1.415.555.0134", "order 4155550134", "ISBN 978-0-306-40615-7",
            "550e8400-e29b-41d4-a716-446655440000", "015-555-0134", "415-155-0134", "commit 4155550134abcdef",
            "+999 123 456 789", "01 23 45 67 89", "card 3059 965203 4640", "tell the customer, build 8434327934",
        ])

    static let awsExampleAccessKey = "AKIAIOSFODNN7EXAMPLE"
    static let awsExampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    /// `AWS_ACCESS_KEY_ID`: `AKIA`/`ASIA` (and the `ABIA`/`ACCA` variants) followed by 16 base32 characters.
    public static func awsAccessKeyID(_ options: BuiltinOptions = BuiltinOptions()) -> PatternDetector {
        PatternDetector(
            id: "aws_access_key_id", entityType: .awsAccessKeyID,
            patterns: [
                // Hyperscan runs the key without its boundaries (exactly, not as a prefilter); PCRE2 applies them.
                DetectorPattern(
                    #"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])"#,
                    candidateRegex: #"(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}"#)
            ],
            baseConfidence: 0.95,
            allowlist: options.allowlistAWSExampleKeys ? [awsExampleAccessKey] : [],
            examples: ["aws_access_key_id = AKIAQYLPMN5HHHFPZAM2", "ASIAY34FZKBOKMUTVV7A"],
            negativeExamples: ["AKIAIOSFODNN7EXAMPLE", "AKIA1234", "XAKIAQYLPMN5HHHFPZAM2", "AKIAQYLPMN5HHHFPZAM21"])
    }

    /// `AWS_SECRET_ACCESS_KEY`: 40 base64 characters after an AWS keyword assignment or next to an access key id.
    public static func awsSecretAccessKey(_ options: BuiltinOptions = BuiltinOptions()) -> PatternDetector {
        PatternDetector(
            id: "aws_secret_access_key", entityType: .awsSecretAccessKey,
            patterns: [
                DetectorPattern(
                    #"(?i)(?:aws|secret[_-]?access[_-]?key)[A-Za-z0-9_.-]{0,32}["']?\s{0,3}(?:=|:|=>|:=)\s{0,3}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"#,
                    secretGroup: .name("secret"),
                    // Hyperscan stops after 8 characters of the value: a 40-wide repeat is costly in its automata.
                    candidateRegex: #"(?i)(?:aws|secret[_-]?access[_-]?key)[A-Za-z0-9_.-]{0,32}["']?\s{0,3}(?:=|:|=>|:=)\s{0,3}["']?[A-Za-z0-9/+]{8}"#),
                DetectorPattern(
                    #"(?:AKIA|ASIA)[A-Z2-7]{16}["']?[\s,;:|=]{1,8}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"#,
                    secretGroup: .name("secret"),
                    candidateRegex: #"(?:AKIA|ASIA)[A-Z2-7]{16}["']?[\s,;:|=]{1,8}["']?[A-Za-z0-9/+]{8}"#),
            ],
            baseConfidence: 0.9,
            minimumEntropy: 4.0,
            allowlist: options.allowlistAWSExampleKeys ? [awsExampleSecret] : [],
            examples: [
                "aws_secret_access_key = Xq2v9Rk1Lm8Pz3Tn7Bw4Yc6Hd0Fs5Gj2Ke9Ua1Vi",
                "AWS_SECRET_ACCESS_KEY: \"h7Jk2Lm9Np4Qr8St1Uv6Wx3Yz0Ab5Cd2Ef7Gh4Ij\"",
                "AKIAQYLPMN5HHHFPZAM2,Rp3Mx8Qv1Tz6Wb9Yc2Hd5Fs0Gk7Jn4Lp1Mr8Nt3Q",
            ],
            negativeExamples: [
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "aws_secret_access_key = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "Xq2v9Rk1Lm8Pz3Tn7Bw4Yc6Hd0Fs5Gj2Ke9Ua1Vi", "aws_secret_access_key = Xq2v9Rk1Lm8Pz3Tn7Bw4Yc6Hd0Fs5Gj2Ke9Ua1Vi99",
            ])
    }

    /// `API_SECRET` detectors: provider formats, PEM private keys, bearer tokens and keyword assignments.
    public static let secrets: [any Detector] = {
        var detectors: [any Detector] = BuiltinSecretDetectors.providerFormats.map { format in
            PatternDetector(
                id: format.id, entityType: .apiSecret,
                patterns: [
                    DetectorPattern(
                        format.regex, secretGroup: format.regex.contains("(?<secret>") ? .name("secret") : nil,
                        candidateRegex: format.id == "jwt"
                            // The header's start alone: Hyperscan ran the three long repeats at every byte of a token
                            // (10.9 M instructions per dense MiB for this one pattern, 0.6 M with the prefix).
                            ? #"\beyJ[A-Za-z0-9_-]{8}"# : BuiltinSecretDetectors.wordBoundaryCandidate(format.regex))
                ],
                baseConfidence: format.confidence,
                validator: format.id == "jwt" ? JWTValidator() : nil,
                examples: ["token: " + format.example], negativeExamples: [format.negative])
        }
        detectors.append(privateKey)
        detectors.append(bearerToken)
        detectors.append(genericAssignment)
        return detectors
    }()

    /// PEM private key blocks (RSA, EC, DSA, OpenSSH, encrypted PKCS#8, PGP).
    public static let privateKey = PatternDetector(
        id: "private_key", entityType: .apiSecret,
        patterns: [
            DetectorPattern(
                #"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s:,.\\-]{16,8192}?-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"#,
                // Hyperscan finds the header; PCRE2 reads the block to its end line.
                candidateRegex: #"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"#
            )
        ],
        baseConfidence: 0.99,
        examples: [
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----",
            // JSON-escaped, as in a cloud service-account key file.
            #"{"private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n"}"#,
        ],
        negativeExamples: [
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\n...\n",
        ])

    /// `Authorization: Bearer …` headers and bare bearer tokens.
    public static let bearerToken = PatternDetector(
        id: "bearer_token", entityType: .apiSecret,
        patterns: [
            DetectorPattern(
                #"(?i)\b(?:authorization\s{0,3}[:=]\s{0,3}["']?)?bearer\s{1,16}(?<secret>[A-Za-z0-9._~+/-]{16,512}={0,2})(?![A-Za-z0-9._~+/=-])"#,
                secretGroup: .name("secret"),
                // Hyperscan stops after 16 characters of the token.
                candidateRegex: #"(?i)\b(?:authorization\s{0,3}[:=]\s{0,3}["']?)?bearer\s{1,16}[A-Za-z0-9._~+/-]{16}"#)
        ],
        baseConfidence: 0.85, minimumEntropy: 3.0, validator: PlaceholderFilter(),
        examples: ["Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "curl -H 'Authorization: bearer Zm9vYmFyYmF6cXV4MTIz'"],
        negativeExamples: ["Authorization: Bearer <token>", "Authorization: Bearer ${TOKEN}", "Authorization: Bearer YOUR_API_KEY_HERE"])

    /// Keyword assignments: `api_key = "…"`, `secret: …`, `token=…`, `password=…`; only the value is reported.
    public static let genericAssignment = PatternDetector(
        id: "generic_secret", entityType: .apiSecret,
        patterns: [
            DetectorPattern(
                #"(?i)(?:api[_-]?key|apikey|api[_-]?secret|client[_-]?secret|secret[_-]?key|access[_-]?token|auth[_-]?token|secret|token|password|passwd|pwd)[A-Za-z0-9_.-]{0,16}["']?\s{0,3}(?:=|:|=>|:=)\s{0,3}["']?(?<secret>[A-Za-z0-9_\-+/=.!@#$%^&*~]{8,128})(?![A-Za-z0-9_\-+/=.!@#$%^&*~])"#,
                secretGroup: .name("secret"),
                // Hyperscan stops after 8 characters of the value: one candidate end, not one per byte up to 128.
                candidateRegex: #"(?i)(?:api[_-]?key|apikey|api[_-]?secret|client[_-]?secret|secret[_-]?key|access[_-]?token|auth[_-]?token|secret|token|password|passwd|pwd)[A-Za-z0-9_.-]{0,16}["']?\s{0,3}(?:=|:|=>|:=)\s{0,3}["']?[A-Za-z0-9_\-+/=.!@#$%^&*~]{8}"#)
        ],
        baseConfidence: 0.7, minimumEntropy: 3.0, validator: PlaceholderFilter(),
        examples: [
            "api_key = \"q8Zr4mX2vN7pL1sK9dF3\"", "client_secret: qZrMxTkLpWnBvCsDyHgF", "password=$uperS3cret!", "DB_PASSWORD=Tr0ub4dor&3x!", "\"client_secret\": \"c7f1e9a2b4d84e6f\"",
            "token: 8c1f0e7a9b2d4c6e", "secret_key => '3kT9wQ2zL8xV5nB1'",
        ],
        negativeExamples: [
            "api_key = \"YOUR_API_KEY\"", "password=changeme", "token=${GITHUB_TOKEN}", "secret: <token>",
            "api_key = xxxxxxxxxxxxxxxx", "password: example123", "token = getToken()", "password = hunter",
            "password: [REDACTED]",
        ])
}
