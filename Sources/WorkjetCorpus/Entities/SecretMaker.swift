/// `API_SECRET` values: provider tokens, PEM private keys, JWTs, bearer tokens and keyword assignments
/// with random values. Only the value is labelled, never the key, the quotes or `Bearer `.
enum SecretMaker {
    private static let tokenKeys: [StaticString] = [
        "token", "api_key", "GITHUB_TOKEN", "apiKey", "OPENAI_API_KEY", "key", "credentials", "STRIPE_SECRET_KEY",
        "webhook", "auth", "SLACK_BOT_TOKEN", "access_token", "HF_TOKEN", "NPM_TOKEN",
    ]
    private static let tokenPhrases: [StaticString] = [
        "token ", "key: ", "here is the key ", "leaked token ", "the token is ", "use ", "rotated ", "revoke ",
        "found ", "",
    ]
    private static let genericKeys: [StaticString] = [
        "api_key", "apiKey", "API_KEY", "client_secret", "secret_key", "access_token", "auth_token", "password",
        "DB_PASSWORD", "db_password", "passwd", "pwd", "SECRET", "token", "MAILGUN_API_KEY", "x-api-key",
        "smtp_password", "REDIS_PASSWORD", "jwt_secret", "app_secret", "SESSION_SECRET",
    ]
    private static let pemKinds: [String] = ["RSA ", "EC ", "", "OPENSSH ", "ENCRYPTED ", "DSA "]

    static func make(_ rng: inout Xoshiro256) -> Plant {
        switch rng.below(20) {
        case 0..<8:
            return Plant(type: .apiSecret, value: ProviderTokens.token(&rng), key: rng.pick(tokenKeys), phrase: rng.pick(tokenPhrases))
        case 8: return privateKey(&rng)
        case 9, 10: return Plant(type: .apiSecret, value: jwt(&rng), key: "id_token", phrase: "token ")
        case 11, 12, 13: return bearer(&rng)
        case 14:
            return Plant(
                type: .apiSecret, value: ProviderTokens.azureAccountKey(&rng), key: "connection_string",
                phrase: "connection string: ", prefix: "DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey=",
                suffix: ";EndpointSuffix=core.windows.net")
        default: return generic(&rng)
        }
    }

    static func generic(_ rng: inout Xoshiro256) -> Plant {
        let value: [UInt8]
        switch rng.below(4) {
        case 0: value = Alphabet.random(rng.int(in: 12...24), Alphabet.password, &rng)
        case 1: value = Alphabet.random(32, Alphabet.hexLower, &rng)
        default: value = Alphabet.random(rng.int(in: 16...40), Alphabet.alphanumeric, &rng)
        }
        let key = rng.pick(genericKeys)
        // Prose writes the assignment as people paste it: `password: …` or `api_key=…`.
        let phrase: StaticString = rng.pick(["password: ", "api_key=", "token: ", "secret: ", "client_secret=", "pwd: "])
        return Plant(type: .apiSecret, value: value, key: key, phrase: phrase)
    }

    static func bearer(_ rng: inout Xoshiro256) -> Plant {
        let value: [UInt8]
        switch rng.below(4) {
        case 0: value = jwt(&rng)
        case 1: value = Array("ya29.".utf8) + Alphabet.random(rng.int(in: 60...120), Alphabet.base64URL, &rng)
        case 2: value = Alphabet.random(40, Alphabet.hexLower, &rng)
        default: value = Alphabet.random(rng.int(in: 24...64), Alphabet.bearer, &rng)
        }
        return Plant(type: .apiSecret, value: value, key: "Authorization", phrase: "Authorization: ", prefix: "Bearer ", isHeader: true)
    }

    /// A JWT with a real JSON header and claims (base64url) and a random signature.
    static func jwt(_ rng: inout Xoshiro256) -> [UInt8] {
        let rs = rng.percent(40)
        let header = rs ? #"{"alg":"RS256","typ":"JWT","kid":"k"# + String(rng.int(in: 1...99)) + #""}"# : #"{"alg":"HS256","typ":"JWT"}"#
        let iat = 1_690_000_000 + rng.below(40_000_000)
        let sub = String(decoding: Alphabet.random(10, Alphabet.alphanumeric, &rng), as: UTF8.self)
        let claims = #"{"sub":""# + sub + #"","iat":"# + String(iat) + #","exp":"# + String(iat + 3600)
            + (rng.percent(50) ? #","scope":"read write"}"# : "}")
        var out = Base64.encodeURL(Array(header.utf8))
        out.append(46)
        out += Base64.encodeURL(Array(claims.utf8))
        out.append(46)
        out += Alphabet.random(rs ? 342 : 43, Alphabet.base64URL, &rng)
        return out
    }

    /// A PEM private key block with random base64 lines of the usual width.
    static func privateKey(_ rng: inout Xoshiro256) -> Plant {
        let kind = rng.pick(pemKinds)
        var v = Array("-----BEGIN ".utf8)
        v += Array(kind.utf8)
        v += Array("PRIVATE KEY-----\n".utf8)
        let lines = rng.int(in: 3...26)
        for i in 0..<lines {
            let width = i == lines - 1 ? rng.int(in: 8...60) : (kind == "OPENSSH " ? 70 : 64)
            v += Alphabet.random(width, Alphabet.base64, &rng)
            if i == lines - 1 && rng.percent(50) { v.append(61) }
            v.append(10)
        }
        v += Array("-----END ".utf8)
        v += Array(kind.utf8)
        v += Array("PRIVATE KEY-----".utf8)
        return Plant(type: .apiSecret, value: v, key: "private_key", phrase: "key:\n", multiline: true)
    }
}
