import ArgumentParser
import Hummingbird
import Logging
import WorkjetGateway

/// `workjet serve`: runs the AI gateway.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the OpenAI/Anthropic-compatible AI gateway with DLP, API keys and an audit log.",
        discussion: "Configuration: the YAML file, then WORKJET_* environment variables (see GatewayConfiguration).")

    @Option(name: .long, help: "YAML configuration file.")
    var config: String?

    @Option(name: .long, help: "Port to listen on (overrides the file and WORKJET_PORT).")
    var port: Int?

    func run() async throws {
        var configuration = try GatewayConfiguration.load(file: config)
        if let port { configuration.port = port }
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in GatewayLogHandler(label: label, level: level) }
        let logger = Logger(label: "workjet.gateway")
        // Every client connection is a descriptor: the hard limit, not a service manager's soft default, is
        // what should bound them (a silent connection also goes after `idle_timeout_seconds`).
        if let (before, after) = OpenFileLimit.raiseToHardLimit() {
            if after > before { logger.info("open file limit raised", metadata: ["from": "\(before)", "to": "\(after)"]) }
            if after < 4096 {
                logger.warning(
                    "the open file limit is low: connections past it are refused until others close",
                    metadata: ["limit": "\(after)"])
            }
        }
        let app = try await buildApplication(configuration: configuration, logger: logger)
        try await app.runService()
    }
}
