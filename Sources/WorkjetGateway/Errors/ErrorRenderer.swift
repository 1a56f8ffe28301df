import Foundation
import Hummingbird
import NIOCore

/// Which provider's wire format a route speaks; errors are rendered in that format.
public enum APIStyle: String, Sendable, Hashable {
    /// OpenAI: `{"error": {"message", "type", "param", "code"}}`.
    case openAI = "openai"
    /// Anthropic: `{"type": "error", "error": {"type", "message"}}`.
    case anthropic

    /// The style of a request path: `/v1/messages` speaks Anthropic, everything else OpenAI.
    static func of(path: String) -> APIStyle {
        path.hasPrefix("/v1/messages") ? .anthropic : .openAI
    }
}

/// Turns a ``GatewayError`` into a response in the caller's API style.
enum ErrorRenderer {
    static func response(for error: GatewayError, style: APIStyle, headers extra: HTTPFields = [:]) -> Response {
        let status = error.code.httpStatus
        let body: [String: Any]
        switch style {
        case .openAI:
            body = [
                "error": [
                    "message": error.message, "type": openAIType(error.code), "param": NSNull(),
                    "code": error.code.rawValue,
                ] as [String: Any]
            ]
        case .anthropic:
            body = ["type": "error", "error": ["type": anthropicType(error.code), "message": error.message]]
        }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func openAIType(_ code: GatewayError.Code) -> String {
        switch code.httpStatus {
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 400, 409, 413: "invalid_request_error"
        case 429: code == .budgetExceeded ? "insufficient_quota" : "rate_limit_error"
        default: code == .upstreamTimeout || code == .upstreamFailure ? "upstream_error" : "server_error"
        }
    }

    static func anthropicType(_ code: GatewayError.Code) -> String {
        switch code.httpStatus {
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 400, 409: "invalid_request_error"
        case 429: "rate_limit_error"
        case 503, 504: "overloaded_error"
        default: "api_error"
        }
    }
}
