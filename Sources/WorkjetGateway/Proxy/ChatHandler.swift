import Foundation
import Hummingbird
import NIOCore
import WorkjetEngine

/// The AI request pipeline: read → validate → select provider → DLP → forward → (scan response) → audit → answer.
///
/// Every outcome, errors included, is audited before the client sees the answer.
struct ChatHandler: Sendable {
    let services: GatewayServices
    let style: APIStyle

    var action: String { style == .openAI ? "chat.completions" : "messages" }

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        // A streamed answer commits its record after this returns; it counts as ended from here on.
        services.audit.requestStarted()
        defer { services.audit.requestEnded() }
        let principal = try context.requirePrincipal()
        var audit = AuditRecord(
            requestID: context.requestID, action: action, status: 200, workspaceID: principal.workspaceID,
            user: principal.memberID, keyID: principal.keyID)
        audit.clientIP = context.clientIP
        audit.userAgent = request.headers[.userAgent].map { String($0.prefix(256)) }
        var summary = DLPSummary()
        var meter: RequestMeter?
        var attempts: [String] = []
        var didScan = false

        do {
            var request = request
            let body = Array(try await request.collectBody(upTo: services.configuration.maxBodyBytes).readableBytesView)
            let envelope = try ChatEnvelope.parse(body, style: style)
            audit.modelRequested = StaticModelRouter.printable(envelope.model)
            let plan = try await services.router.plan(model: envelope.model, style: style, workspaceID: principal.workspaceID)
            audit.provider = plan[0].provider.name

            let inspector = try await services.policies.inspector(workspaceID: principal.workspaceID)
            let scanned = inspector.inspectRequest(body, style: style)
            summary = scanned.summary
            didScan = true
            services.metrics.findings(summary, direction: "input")
            if let failure = scanned.failure { throw failure }
            if summary.action == .block {
                throw GatewayError(.dlpBlocked, "the request was blocked by the workspace's data-loss policy: \(scanned.blockReason)")
            }
            var forwarded = scanned.body
            // Only a stream's usage chunk depends on it: a non-streaming body is not parsed a second time.
            let clientAskedForUsage = envelope.stream && Self.asksForStreamUsage(forwarded)
            if style == .openAI, envelope.stream { forwarded = Self.requestingStreamUsage(forwarded) }
            meter = try await beginMetering(principal: principal, clientIP: context.clientIP, model: envelope.model, body: forwarded)
            let upstream = UpstreamRequest(
                style: style, body: forwarded, stream: envelope.stream, passThroughHeaders: passThrough(request.headers))
            let (response, selection) = try await forward(upstream, plan: plan, requestedModel: envelope.model, attempts: &attempts)
            audit.provider = selection.provider.name
            if plan.count > 1 || attempts.count > 1 { audit.detail = Self.attemptsDetail(attempts, error: nil) }
            switch response.body {
            case .full(let bytes):
                return try await finishFull(
                    bytes, response: response, inspector: inspector, meter: meter!, audit: &audit, summary: summary, started: started, forwarded: forwarded)
            case .stream(let chunks):
                let strip = style == .openAI && !clientAskedForUsage
                return streamResponse(
                    chunks, response: response, meter: meter!, stripUsage: strip, audit: audit, summary: summary, started: started,
                    forwarded: forwarded)
            }
        } catch {
            await meter?.release(recordingOn: &audit)
            let gatewayError = ErrorMiddleware<GatewayRequestContext>.gatewayError(error, logger: context.logger)
            audit.status = gatewayError.code.httpStatus
            audit.detail = Self.attemptsDetail(attempts, error: gatewayError.code.rawValue)
            try await commit(&audit, summary: summary, started: started)
            var headers = HTTPFields()
            headers[HeaderName.dlp] = didScan ? summary.headerValue : DLPSummary.notScannedHeaderValue
            return ErrorRenderer.response(for: gatewayError, style: style, headers: headers)
        }
    }

    private func finishFull(
        _ bytes: [UInt8], response: UpstreamResponse, inspector: DLPInspector, meter: RequestMeter, audit: inout AuditRecord,
        summary requestSummary: DLPSummary, started: ContinuousClock.Instant, forwarded: [UInt8]
    ) async throws -> Response {
        var summary = requestSummary
        var body = bytes
        if (200..<300).contains(response.status) {
            // Metered before the output scan: a blocked answer still cost the tokens it used.
            let reading = Usage.read(bytes, style: style)
            let usage = reading.tokens
            let cost = await meter.settle(usage)
            RequestMeter.record(usage, cost: cost, on: &audit)
            let scanned = inspector.inspectResponse(bytes, style: style)
            services.metrics.findings(scanned.summary, direction: "output")
            summary = summary.merged(with: scanned.summary)
            if let failure = scanned.failure { throw failure }
            if scanned.summary.action == .block {
                throw GatewayError(.dlpOutputBlocked, "the provider's answer was blocked by the workspace's data-loss policy: \(scanned.blockReason)")
            }
            body = scanned.body
            reading.record(into: &audit)
            RequestMeter.record(usage, cost: cost, on: &audit)
        } else if response.status >= 500 {
            services.metrics.upstreamError(provider: audit.provider ?? "", kind: "status_\(response.status)")
            throw GatewayError(.upstreamFailure, "the upstream provider failed (HTTP \(response.status))")
        }
        // Upstream 4xx: the provider's own error about the client's request, relayed as is (and not billed).
        await meter.release(recordingOn: &audit)
        audit.status = response.status
        try await commit(&audit, summary: summary, started: started, archiving: (forwarded, body))
        var headers = Self.budgetHeaders(meter)
        headers[.contentType] = response.contentType
        headers[HeaderName.dlp] = summary.headerValue
        return Response(status: .init(code: response.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Relays chunks as they arrive; the last chunk is held back until the audit record is committed.
    private func streamResponse(
        _ chunks: any AsyncSequence<ByteBuffer, any Error> & Sendable, response: UpstreamResponse, meter: RequestMeter,
        stripUsage: Bool, audit: AuditRecord, summary: DLPSummary, started: ContinuousClock.Instant, forwarded: [UInt8]
    ) -> Response {
        var headers = Self.budgetHeaders(meter)
        headers[.contentType] = response.contentType
        headers[.cacheControl] = "no-cache"
        headers[HeaderName.dlp] = summary.headerValue
        let services = self.services
        let handler = self
        let style = self.style
        let body = ResponseBody { writer in
            var audit = audit
            var held: ByteBuffer?
            var clientGone = false
            var usageMeter = StreamUsageMeter(style: style)
            var streamFailure: GatewayError?
            var stripper = stripUsage ? UsageChunkStripper() : nil
            do {
                for try await raw in chunks {
                    usageMeter.feed(raw)
                    let chunk = stripper?.pass(raw) ?? raw
                    if chunk.readableBytes == 0 { continue }
                    if let previous = held {
                        do { try await writer.write(previous) } catch { clientGone = true; break }
                    }
                    held = chunk
                }
                audit.status = clientGone ? 499 : response.status
                if clientGone { audit.detail = #"{"error":"client_disconnected"}"# }
            } catch {
                let mapped = HTTPProvider.map(error)
                services.metrics.upstreamError(provider: audit.provider ?? "", kind: mapped.code.rawValue)
                audit.status = mapped.code.httpStatus
                audit.detail = #"{"error":"\#(mapped.code.rawValue)","phase":"stream"}"#
                streamFailure = mapped
            }
            usageMeter.finish()
            if var rest = stripper?.finish(), rest.readableBytes > 0 {
                if var previous = held { previous.writeBuffer(&rest); held = previous } else { held = rest }
            }
            // A stream cut before the upstream reported its usage is billed at least at its reservation.
            let cost = await meter.settle(usageMeter.usage, complete: usageMeter.completed)
            RequestMeter.record(usageMeter.usage, cost: cost, on: &audit)
            // The streamed answer is not scanned (yet), so only the forwarded request is archived.
            try await handler.commit(&audit, summary: summary, started: started, archiving: (forwarded, nil))
            if clientGone { throw CancellationError() }
            if let held { try await writer.write(held) }
            // Bytes have reached the client, so no fallback: the stream ends with an error event.
            if let streamFailure { try await writer.write(Self.streamErrorEvent(streamFailure, style: style)) }
            try await writer.finish(nil)
        }
        return Response(status: .init(code: response.status), headers: headers, body: body)
    }

    /// Commits the audit record (with the sealed exchange when archival is on) before the client is answered.
    func commit(
        _ audit: inout AuditRecord, summary: DLPSummary, started: ContinuousClock.Instant,
        archiving exchange: (request: [UInt8], response: [UInt8]?)? = nil
    ) async throws {
        audit.dlpAction = summary.action.rawValue
        if let types = summary.auditJSON { audit.dlpTypes = types }
        let nanos = (ContinuousClock.now - started).nanoseconds
        audit.latencyMicroseconds = nanos / 1000
        var sealed: SealedPayload?
        if let archive = services.archive, let exchange, let workspaceID = audit.workspaceID {
            sealed = try archive.seal(
                request: exchange.request, response: exchange.response, requestID: audit.requestID,
                workspaceID: workspaceID, time: audit.time)
        }
        let commitStarted = ContinuousClock.now
        try await services.audit.append(audit, payload: sealed)
        services.metrics.auditCommit(since: commitStarted)
        services.metrics.request(route: action, status: audit.status, nanoseconds: nanos)
    }

    private func passThrough(_ headers: HTTPFields) -> [(String, String)] {
        guard style == .anthropic else { return [] }
        return ["anthropic-version", "anthropic-beta"].compactMap { name in
            headers[HeaderName.make(name)!].map { (name, $0) }
        }
    }
}
