// The SwiftNIO floor for the gateway benchmark (Gateway/run.sh): the same forwarding as
// workjet-proxy-floor, written directly on SwiftNIO's channel pipeline, with no Hummingbird, no
// AsyncHTTPClient and no Swift concurrency on the request path.
//
// A server connection and the upstream connection that carries its request live on the same event
// loop, so a request is read, forwarded, answered and written back by one thread with no hand-off.
// What it costs per request is what any proxy on SwiftNIO pays on this machine: two HTTP/1.1
// exchanges on loopback (parse and encode on each side) and the socket calls. The gap up to
// workjet-proxy-floor is what Hummingbird, AsyncHTTPClient and their Swift concurrency hops add;
// the gap up to nginx direct is the proxy hop itself.
//
//   workjet-nio-floor PORT UPSTREAM_URL          (UPSTREAM_URL: http://HOST:PORT/PATH)
//
// Serves POST /v1/chat/completions on 127.0.0.1:PORT and forwards every such request to
// UPSTREAM_URL; anything else gets a 404.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]), let url = URL(string: arguments[2]),
    url.scheme == "http", let host = url.host
else {
    print("usage: workjet-nio-floor PORT UPSTREAM_URL   (UPSTREAM_URL: http://HOST:PORT/PATH)")
    exit(2)
}
let upstream = try Upstream(host: host, port: url.port ?? 80, path: url.path.isEmpty ? "/" : url.path)
try serve(port: port, upstream: upstream)
