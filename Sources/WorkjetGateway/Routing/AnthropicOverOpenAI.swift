/// Serves Anthropic-schema requests with an OpenAI-compatible provider, through ``AnthropicTranslation``.
/// The router puts it in a plan only for requests in the Anthropic schema.
struct AnthropicOverOpenAI: Provider {
    let base: any Provider

    var name: String { base.name }

    func speaks(_ style: APIStyle) -> Bool { style == .anthropic }

    func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        let translated = UpstreamRequest(
            style: .openAI, body: try AnthropicTranslation.openAIRequest(request.body), stream: request.stream, passThroughHeaders: [])
        let response = try await base.send(translated)
        switch response.body {
        case .full(let bytes):
            return UpstreamResponse(
                status: response.status, contentType: "application/json",
                body: .full(AnthropicTranslation.anthropicResponse(bytes, status: response.status)))
        case .stream(let chunks):
            return UpstreamResponse(
                status: response.status, contentType: "text/event-stream", body: .stream(SSETranslatedStream<AnthropicStreamTranslator>(base: chunks)))
        }
    }
}
