import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the gateway: database (migrated), audit log, upstream client, DLP and routes.
///
/// ```swift
/// var configuration = try GatewayConfiguration.load(file: "config/workjet.yaml")
/// let app = try await buildApplication(configuration: configuration, logger: logger)
/// try await app.runService()
/// ```
public func buildApplication(
    configuration: GatewayConfiguration, logger: Logger = Logger(label: "workjet.gateway"),
    environment: [String: String] = ProcessInfo.processInfo.environment
) async throws -> some ApplicationProtocol {
    let (services, client) = try GatewayServices.make(configuration: configuration, logger: logger, environment: environment)
    let responder = buildRouter(services: services).buildResponder()
    return Application(
        responder: responder,
        server: .directHTTP1(
            responder: responder,
            configuration: .init(
                maxBodyBytes: configuration.maxBodyBytes, serverName: "workjet",
                idleTimeout: .nanoseconds(Int64(configuration.idleTimeoutSeconds * 1e9)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "workjet"),
        services: [services.audit, services.checkpointer, UpstreamClientService(client: client)],
        logger: logger)
}

/// The routes, for ``buildApplication(configuration:logger:environment:)`` and tests.
func buildRouter(services: GatewayServices) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: ErrorMiddleware<GatewayRequestContext>())
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ClientAddressMiddleware(resolver: services.control.addresses))
    router.get("healthz") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
    router.get("readyz") { _, _ -> Response in
        do { try await services.store.ping() } catch {
            return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "database unavailable\n")))
        }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
    }
    router.get("metrics") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(string: services.metrics.render())))
    }

    let auth = AuthMiddleware(keys: services.keys, audit: services.audit, limiter: services.control.limiter)
    let v1 = router.group("v1").add(middleware: DLPHeaderMiddleware(metrics: services.metrics)).add(middleware: auth)
        .add(middleware: RateLimitMiddleware(limiter: services.control.limiter))
    let chat = ChatHandler(services: services, style: .openAI)
    let messages = ChatHandler(services: services, style: .anthropic)
    v1.post("chat/completions") { request, context in try await chat.handle(request, context: context) }
    v1.post("messages") { request, context in try await messages.handle(request, context: context) }
    v1.get("models") { _, context in
        let principal = try context.requirePrincipal()
        return ModelList(data: services.router.models(workspaceID: principal.workspaceID).map {
            ModelList.Model(id: $0, object: "model", created: 0, owned_by: "workjet")
        })
    }
    AdminController(services: services).addRoutes(to: router.group("admin").add(middleware: auth))
    return router
}

/// `GET /v1/models` in OpenAI's shape.
struct ModelList: ResponseEncodable {
    struct Model: Codable { var id: String; var object: String; var created: Int; var owned_by: String }
    var object = "list"
    var data: [Model]
}

/// Returns the request id on every response, so a client can quote it and an operator find the audit record.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HeaderName.requestID] = context.requestID
        return response
    }
}
