/// Words and phrases the templates draw from. Static constants, no downloaded data.
enum Vocabulary {
    static let firstNames: [StaticString] = [
        "James", "Maria", "Wei", "Fatima", "Oliver", "Sofia", "Liam", "Aisha", "Noah", "Emma", "Hiroshi", "Chloe",
        "Mateo", "Priya", "Lukas", "Anna", "Diego", "Olga", "Kwame", "Elena", "Ahmed", "Grace", "Yuki", "Pierre",
        "Jane", "Robert", "Linda", "Carlos", "Ingrid", "Tom",
    ]
    static let lastNames: [StaticString] = [
        "Smith", "Garcia", "Chen", "Khan", "Brown", "Rossi", "Muller", "Okafor", "Nguyen", "Dubois", "Tanaka",
        "Novak", "Silva", "Patel", "Kowalski", "Johnson", "Andersen", "Ivanova", "Lopez", "Murphy", "Doe", "Weber",
    ]
    static let companies: [StaticString] = [
        "acme", "globex", "initech", "umbrella", "hooli", "northwind", "contoso", "fabrikam", "stark", "wayne",
        "tyrell", "cyberdyne", "soylent", "vandelay", "piedpiper", "wonka", "example", "bluth", "dunder", "aperture",
    ]
    static let nouns: [StaticString] = [
        "invoice", "report", "deployment", "meeting", "release", "budget", "contract", "server", "dashboard",
        "customer", "account", "ticket", "migration", "backup", "schedule", "proposal", "pipeline", "cluster",
        "order", "shipment", "refund", "database", "incident", "review", "roadmap", "feature", "request", "project",
    ]
    static let verbs: [StaticString] = [
        "updated", "reviewed", "approved", "rejected", "scheduled", "moved", "shipped", "closed", "reopened",
        "escalated", "merged", "deployed", "archived", "flagged", "confirmed", "cancelled", "signed", "paid",
    ]
    static let adjectives: [StaticString] = [
        "quarterly", "new", "old", "urgent", "final", "draft", "internal", "shared", "weekly", "pending",
        "critical", "minor", "annual", "updated", "legacy", "primary",
    ]
    static let openers: [StaticString] = [
        "Hi team, ", "Hello, ", "Quick update: ", "FYI ", "As discussed, ", "Following up, ", "Just a reminder: ",
        "Heads up: ", "Thanks all. ", "Per our call, ", "", "", "",
    ]
    static let closers: [StaticString] = [
        "Let me know if anything is missing.", "Thanks!", "Best regards,", "See you tomorrow.",
        "Please review before Friday.", "Cheers,", "Will follow up next week.", "Happy to discuss.",
    ]
    static let services: [StaticString] = [
        "api-gateway", "billing", "auth", "search", "checkout", "inventory", "notifier", "worker", "scheduler",
        "payments", "profile", "ingest",
    ]
    static let logLevels: [StaticString] = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
    static let logMessages: [StaticString] = [
        "request completed", "cache miss", "retrying upstream call", "connection pool exhausted",
        "user session refreshed", "job finished", "rate limit applied", "slow query detected",
        "health check ok", "queue depth high", "config reloaded", "webhook delivered", "payment authorized",
        "upstream timeout", "validation failed", "record updated",
    ]
    static let paths: [StaticString] = [
        "/api/v1/users", "/api/v2/orders", "/healthz", "/login", "/api/v1/payments", "/static/app.js",
        "/api/v1/search", "/webhooks/stripe", "/api/v2/customers", "/metrics",
    ]
    static let methods: [StaticString] = ["GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH"]
    static let identifiers: [StaticString] = [
        "user_id", "order_id", "timeout", "retries", "region", "enabled", "max_connections", "log_level",
        "batch_size", "endpoint", "bucket", "queue_name", "feature_flag", "cache_ttl",
    ]
}
