import Foundation
import NIOSSL

/// A certificate authority and two server certificates for `localhost` and 127.0.0.1, made with
/// `/usr/bin/openssl` in a temporary directory: one signed by the CA, one self-signed (trusted by nobody).
struct TestCertificates {
    let directory: String
    var caFile: String { directory + "/ca.pem" }

    static func make() throws -> TestCertificates {
        let directory = NSTemporaryDirectory() + "workjet-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let names = "subjectAltName=DNS:localhost,IP:127.0.0.1"
        try openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=Workjet Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"], in: directory)
        try openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], in: directory)
        try names.write(toFile: directory + "/server.ext", atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "1", "-extfile", "server.ext"], in: directory)
        try openssl(["req", "-x509"] + ec + ["-keyout", "self.key", "-out", "self.pem", "-days", "1", "-subj", "/CN=localhost",
            "-addext", names], in: directory)
        return TestCertificates(directory: directory)
    }

    /// A server context presenting the CA-signed certificate, or the self-signed one.
    func serverContext(signedByCA: Bool) throws -> NIOSSLContext {
        let name = signedByCA ? "server" : "self"
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(directory + "/\(name).pem").map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: directory + "/\(name).key", format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }

    private static func openssl(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments[0]) failed"])
        }
    }
}
