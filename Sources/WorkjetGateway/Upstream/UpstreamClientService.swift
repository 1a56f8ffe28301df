import ServiceLifecycle

/// Closes the upstream client's pooled connections when the application shuts down gracefully.
///
/// Listed before the HTTP server among the application's services, so it is stopped after the server has
/// finished its requests.
struct UpstreamClientService: Service {
    let client: UpstreamClient

    func run() async throws {
        try? await gracefulShutdown()
        await client.shutdown()
    }
}
