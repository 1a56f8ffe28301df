import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

/// Encrypted payload archival: off by default, round trip through the admin API, workspace scoping,
/// a wrong key named as such, and bad key material refused at start-up.
@Suite struct ArchiveTests {
    static let keyA = Data((0..<32).map { UInt8($0) }).base64EncodedString()
    static let keyB = Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()

    func archived(_ key: String = keyA) -> GatewayFixture {
        var fixture = GatewayFixture()
        fixture.configuration.payloadArchive = PayloadArchiveConfiguration(enabled: true, keyEnvironment: "TEST_ARCHIVE_KEY")
        fixture.environment["TEST_ARCHIVE_KEY"] = key
        return fixture
    }

    func payloadRows(_ fixture: GatewayFixture) async throws -> [Row] {
        try fixture.tasks().pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit_payloads") }
    }

    @Test func offByDefaultNothingIsStored() async throws {
        let fixture = GatewayFixture()
        #expect(fixture.configuration.payloadArchive.enabled == false)
        let key = try await fixture.key()
        let workspace = try await fixture.tasks().workspaceID(named: "acme")
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "card 4111 1111 1111 1111"))
            #expect(response.status == .ok)
            let id = try #require(response.headers[HeaderName.requestID])
            let read = try await client.call("/admin/workspaces/\(workspace)/audit/payloads/\(id)", .get, key: key)
            #expect(read.status == .notFound)
        }
        #expect(try await payloadRows(fixture).isEmpty)
    }

    @Test func roundTripStoresOnlyCiphertextOfTheRedactedExchange() async throws {
        let fixture = archived()
        let key = try await fixture.key()
        let workspace = try await fixture.tasks().workspaceID(named: "acme")
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "card 4111 1111 1111 1111 please"))
            #expect(response.status == .ok)
            let id = try #require(response.headers[HeaderName.requestID])
            let read = try await client.call("/admin/workspaces/\(workspace)/audit/payloads/\(id)", .get, key: key)
            #expect(read.status == .ok)
            let view = try JSONDecoder().decode(PayloadView.self, from: Data(read.text.utf8))
            #expect(view.request_id == id)
            #expect(view.request.contains("card [CREDIT_CARD] please"))
            #expect(view.request.contains("be brief"))
            #expect(view.response?.contains("[CREDIT_CARD]") == true)
            #expect(!read.text.contains("4111"))

            // A stream archives the forwarded request (the streamed answer is not scanned, so not archived).
            let streamed = try await client.post("/v1/messages", key: key, json: anthropic("echo-1", "hello", stream: true))
            let streamedID = try #require(streamed.headers[HeaderName.requestID])
            let streamedRead = try await client.call("/admin/workspaces/\(workspace)/audit/payloads/\(streamedID)", .get, key: key)
            let streamedView = try JSONDecoder().decode(PayloadView.self, from: Data(streamedRead.text.utf8))
            #expect(streamedView.request.contains("hello"))
            #expect(streamedView.response == nil)

            // Blocked requests forward nothing, so nothing is archived.
            let blocked = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "SSN 536-22-8745"))
            let blockedID = try #require(blocked.headers[HeaderName.requestID])
            #expect(try await client.call("/admin/workspaces/\(workspace)/audit/payloads/\(blockedID)", .get, key: key).status == .notFound)
        }
        let rows = try await payloadRows(fixture)
        #expect(rows.count == 2)
        for row in rows {
            let blob = (row["request"] as Data) + ((row["response"] as Data?) ?? Data())
            #expect(blob.range(of: Data("be brief".utf8)) == nil)
            #expect(blob.range(of: Data("hello".utf8)) == nil)
            #expect(blob.range(of: Data("CREDIT_CARD".utf8)) == nil)
        }
        let pool = try fixture.tasks().pool
        var query = AuditQuery()
        query.action = "admin.audit.payload.read"
        #expect(try await query.run(pool).count == 2)
        #expect(try await AuditVerifier.verify(pool).ok)
        await #expect(throws: (any Error).self) {
            try await pool.write { db in try db.execute(sql: "DELETE FROM audit_payloads") }
        }
    }

    @Test func onlyOwnersAndAdminsOfTheSameWorkspaceReadPayloads() async throws {
        let fixture = archived()
        let owner = try await fixture.key("acme")
        let member = try await fixture.key("acme", role: .member)
        let other = try await fixture.key("globex")
        let acme = try await fixture.tasks().workspaceID(named: "acme")
        let globex = try await fixture.tasks().workspaceID(named: "globex")
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/chat/completions", key: owner, json: chat("echo-1", "hi"))
            let id = try #require(response.headers[HeaderName.requestID])
            #expect(try await client.call("/admin/workspaces/\(acme)/audit/payloads/\(id)", .get, key: member).status == .forbidden)
            #expect(try await client.call("/admin/workspaces/\(acme)/audit/payloads/\(id)", .get, key: other).status == .notFound)
            #expect(try await client.call("/admin/workspaces/\(globex)/audit/payloads/\(id)", .get, key: other).status == .notFound)
            #expect(try await client.call("/admin/workspaces/\(acme)/audit/payloads/\(id)", .get, key: owner).status == .ok)
        }
    }

    @Test func aWrongKeyOrAlteredRowIsAClearError() async throws {
        let fixture = archived()
        let key = try await fixture.key()
        let requestID = try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"))
            return try #require(response.headers[HeaderName.requestID])
        }
        let tasks = try fixture.tasks()
        let config = fixture.configuration.payloadArchive
        let opened = try await tasks.readPayload(workspace: "acme", requestID: requestID, archive: config, environment: ["TEST_ARCHIVE_KEY": Self.keyA])
        #expect(String(decoding: opened.request, as: UTF8.self).contains("hi"))

        let wrong = await #expect(throws: GatewayError.self) {
            try await tasks.readPayload(workspace: "acme", requestID: requestID, archive: config, environment: ["TEST_ARCHIVE_KEY": Self.keyB])
        }
        #expect(wrong?.code == .archiveUnreadable)
        #expect(wrong?.message.contains("archived under another key") == true)

        try await tasks.pool.write { db in
            try db.execute(sql: "DROP TRIGGER audit_payloads_no_update")
            try db.execute(sql: "UPDATE audit_payloads SET request = zeroblob(length(request))")
        }
        let altered = await #expect(throws: GatewayError.self) {
            try await tasks.readPayload(workspace: "acme", requestID: requestID, archive: config, environment: ["TEST_ARCHIVE_KEY": Self.keyA])
        }
        #expect(altered?.code == .archiveUnreadable)
        #expect(altered?.message.contains("failed authentication") == true)
    }

    static let keyDirectory = NSTemporaryDirectory() + "workjet-archive-keys-" + UUID().uuidString

    @Test(arguments: [
        ("env", "", "which is not set"),
        ("env", Data(count: 16).base64EncodedString(), "must be 32 bytes (AES-256), got 16"),
        ("env", String(repeating: "ab", count: 31), "must be 32 bytes (AES-256), got 31"),
        ("env", "not a key!", "neither base64 nor hex"),
        ("file-missing", "", "cannot read the payload archive key file"),
        ("file", "short", "neither base64 nor hex"),
        ("both", ArchiveTests.keyA, "exactly one of key_env and key_file"),
    ])
    func badKeyMaterialStopsTheStart(source: String, material: String, message: String) async throws {
        var fixture = GatewayFixture()
        var archive = PayloadArchiveConfiguration(enabled: true)
        switch source {
        case "env":
            archive.keyEnvironment = "TEST_ARCHIVE_KEY"
            if !material.isEmpty { fixture.environment["TEST_ARCHIVE_KEY"] = material }
        case "file", "file-missing":
            try FileManager.default.createDirectory(atPath: Self.keyDirectory, withIntermediateDirectories: true)
            archive.keyFile = Self.keyDirectory + "/" + UUID().uuidString
            if source == "file" { try Data(material.utf8).write(to: URL(fileURLWithPath: archive.keyFile!)) }
        default:
            archive.keyEnvironment = "TEST_ARCHIVE_KEY"
            archive.keyFile = "/dev/null"
            fixture.environment["TEST_ARCHIVE_KEY"] = material
        }
        fixture.configuration.payloadArchive = archive
        let error = await #expect(throws: GatewayError.self) { _ = try await fixture.app() }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        if material.count > 8 { #expect(error?.message.contains(material) == false, "the key material was echoed") }
    }

    @Test func keyFilesHoldRawBytesHexOrBase64() throws {
        try FileManager.default.createDirectory(atPath: Self.keyDirectory, withIntermediateDirectories: true)
        let raw = Data((0..<32).map { UInt8($0) })
        var ids = Set<String>()
        for content in [raw, Data(Hex.encode(raw).utf8), Data((Self.keyA + "\n").utf8)] {
            let path = Self.keyDirectory + "/" + UUID().uuidString
            try content.write(to: URL(fileURLWithPath: path))
            let archive = try PayloadArchive.load(PayloadArchiveConfiguration(enabled: true, keyFile: path), environment: [:])
            ids.insert(try #require(archive).keyID)
        }
        #expect(ids.count == 1)  // the same key in three encodings
    }
}
