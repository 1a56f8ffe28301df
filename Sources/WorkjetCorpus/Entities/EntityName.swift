/// The engine's entity type names, spelled here because the corpus module must not depend on the engine.
enum EntityName: String, CaseIterable {
    case creditCard = "CREDIT_CARD"
    case usSSN = "US_SSN"
    case email = "EMAIL_ADDRESS"
    case phone = "PHONE_NUMBER"
    case awsAccessKeyID = "AWS_ACCESS_KEY_ID"
    case awsSecretAccessKey = "AWS_SECRET_ACCESS_KEY"
    case apiSecret = "API_SECRET"
}
