// The framework floor for the gateway benchmark (Gateway/run.sh): Hummingbird receives the chat request
// body and AsyncHTTPClient forwards it to the upstream, with nothing of the gateway's own (no auth, DLP,
// audit, metrics, rate limits). What it costs per request is what the gateway cannot go below while it is
// built on these two libraries; the gateway's cost above it is ours.
//
//   workjet-proxy-floor PORT UPSTREAM_URL
import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]) else {
    print("usage: workjet-proxy-floor PORT UPSTREAM_URL")
    exit(2)
}
let upstream = arguments[2]
// One event loop group for the server and the client, as the gateway has.
let group = MultiThreadedEventLoopGroup.singleton
let client = HTTPClient(eventLoopGroup: group)
let router = Router()
router.post("/v1/chat/completions") { request, _ -> Response in
    let body = try await request.body.collect(upTo: 1 << 20)
    var forwarded = HTTPClientRequest(url: upstream)
    forwarded.method = .POST
    forwarded.headers.add(name: "content-type", value: "application/json")
    forwarded.body = .bytes(body)
    let response = try await client.execute(forwarded, timeout: .seconds(30))
    let answer = try await response.body.collect(upTo: 1 << 20)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: answer))
}
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), eventLoopGroupProvider: .shared(group))
try await app.runService()
