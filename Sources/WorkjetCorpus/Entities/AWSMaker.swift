/// AWS credentials: access key ids (`AKIA` long-term, `ASIA` temporary, then 16 base32 characters)
/// and 40-character secret access keys, written where they are usually found.
enum AWSMaker {
    private static let idKeys: [StaticString] = [
        "aws_access_key_id", "AWS_ACCESS_KEY_ID", "AccessKeyId", "access_key", "accessKeyId", "aws_key_id",
    ]
    private static let idPhrases: [StaticString] = [
        "access key ", "key id ", "AWS key ", "aws_access_key_id=", "AccessKeyId: ", "used ", "rotated ",
    ]
    private static let secretKeys: [StaticString] = [
        "aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "SecretAccessKey", "secret_access_key",
        "aws_secret_key", "awsSecretAccessKey", "AWS_SECRET_KEY",
    ]
    private static let secretPhrases: [StaticString] = [
        "aws_secret_access_key=", "aws_secret_access_key = ", "AWS_SECRET_ACCESS_KEY=", "SecretAccessKey: ",
        "secret_access_key: ",
    ]

    static func accessKeyIDValue(_ rng: inout Xoshiro256) -> [UInt8] {
        Array((rng.percent(70) ? "AKIA" : "ASIA").utf8) + Alphabet.random(16, Alphabet.base32, &rng)
    }

    static func secretValue(_ rng: inout Xoshiro256) -> [UInt8] {
        Alphabet.random(40, Alphabet.base64, &rng)
    }

    static func accessKeyID(_ rng: inout Xoshiro256) -> Plant {
        Plant(type: .awsAccessKeyID, value: accessKeyIDValue(&rng), key: rng.pick(idKeys), phrase: rng.pick(idPhrases))
    }

    static func secretAccessKey(_ rng: inout Xoshiro256) -> Plant {
        Plant(
            type: .awsSecretAccessKey, value: secretValue(&rng), key: rng.pick(secretKeys),
            phrase: rng.pick(secretPhrases))
    }
}
