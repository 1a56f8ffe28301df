import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `workjet serve` as an operator runs it, stopped under load: by SIGTERM (a deploy: it finishes what it
/// took, then exits 0) and by SIGKILL (a crash). Either way every request that was answered has its audit
/// record and the chain verifies: a committed record survives the process, and shutting down loses none.
///
/// That no answer goes out before its record is committed is pinned where it can be made to fail every
/// time: `AuditLogTests` (a record is readable when `append` returns) and `AuditTests` (a commit that fails
/// turns the answer into a 500). Here a kill right after an answer seldom lands between an early answer
/// and its commit: a gateway changed to answer first and commit in a detached task passed these runs.
@Suite(.serialized) struct ServeShutdownTests {
    /// Four clients in a loop (python3's `http.client`, keep-alive); after `after` answers the script sends
    /// `signal` to the gateway and goes on until every client has lost its connection. Prints the request
    /// ids of the 200 answers, one per line, and any other status to standard error.
    private static let client = #"""
        import http.client, os, signal, sys, threading, time
        port, key, pid, sig, after = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        body = b'{"model":"echo-1","messages":[{"role":"user","content":"card 4111 1111 1111 1111, mail a@example.com"}]}'
        answered, lock, sent = [], threading.Lock(), threading.Event()
        deadline = time.time() + 60
        def run():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            while time.time() < deadline:
                try:
                    conn.request("POST", "/v1/chat/completions", body, {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
                    r = conn.getresponse(); r.read()
                    if r.status != 200:
                        print("status %d: %s" % (r.status, r.read()[:200]), file=sys.stderr); continue
                    with lock:
                        answered.append(r.getheader("X-Request-ID"))
                        if len(answered) == after:
                            os.kill(pid, sig); sent.set()
                except (OSError, http.client.HTTPException):
                    if sent.is_set(): return
                    time.sleep(0.05); conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads: t.start()
        for t in threads: t.join()
        if not sent.is_set(): sys.exit("the gateway answered %d requests, not %d" % (len(answered), after))
        print("\n".join(answered))
        """#

    @Test(arguments: [SIGTERM, SIGKILL])
    func everyAnsweredRequestIsAuditedWhenTheGatewayStops(signal: Int32) throws {
        let folder = try TempFolder()
        // `full`, the default of the shipped configuration.
        try folder.write("workjet.yaml", """
            database: \(folder.path)/gw.sqlite
            audit_synchronous: full
            host: 127.0.0.1
            port: 0
            providers:
              - { name: echo, kind: echo }
            models:
              - { name: echo-1, provider: echo }

            """)
        let created = try Workjet.run(["keys", "create", "--config", "workjet.yaml", "--workspace", "acme", "--role", "member"], in: folder.path)
        try #require(created.status == 0, "\(created.stderr)")
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let served = try ServeProcess(in: folder)
        let gateway = served.process
        let port = try #require(served.waitUntilListening(), "\(served.log)")

        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", Self.client, String(port), key, String(gateway.processIdentifier), String(signal), "300"]
        let output = Pipe(), errors = Pipe()
        python.standardOutput = output
        python.standardError = errors
        try python.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        // SIGTERM: its graceful shutdown ends within seconds (1.6 s in a release build); a gateway still
        // up after 30 s has not stopped.
        for _ in 0..<600 where gateway.isRunning { usleep(50_000) }
        try #require(!gateway.isRunning, "the gateway did not stop: \(served.log)")
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(python.terminationStatus == 0, "the client failed: \(complaint)\n\(served.log)")
        #expect(!complaint.contains("status"), "answers other than 200: \(complaint)")

        if signal == SIGTERM {
            #expect(gateway.terminationReason == .exit && gateway.terminationStatus == 0, "\(served.log)")
        } else {
            #expect(gateway.terminationReason == .uncaughtSignal && gateway.terminationStatus == SIGKILL)
        }
        let answered = printed.split(separator: "\n").map(String.init)
        #expect(answered.count >= 300)

        let export = try Workjet.run(["audit", "export", "--config", "workjet.yaml", "--action", "chat.completions"], in: folder.path)
        #expect(export.status == 0, "\(export.stderr)")
        let recorded = Set(export.stdout.split(separator: "\n").compactMap { line -> String? in
            let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return record?["request_id"] as? String
        })
        let missing = answered.filter { !recorded.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) of \(answered.count) answered requests have no audit record")
        let verify = try Workjet.run(["audit", "verify", "--config", "workjet.yaml"], in: folder.path)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
