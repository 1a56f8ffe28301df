import GRDB

/// Schema migrations, applied in order at start-up; never edit a shipped migration, add one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tenancy") { db in
            try db.execute(sql: """
                CREATE TABLE workspaces (
                    id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
                CREATE TABLE members (
                    id TEXT PRIMARY KEY NOT NULL,
                    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
                    name TEXT NOT NULL, role TEXT NOT NULL, created_at INTEGER NOT NULL,
                    UNIQUE(workspace_id, name));
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY NOT NULL,
                    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
                    member_id TEXT REFERENCES members(id),
                    role TEXT NOT NULL, name TEXT NOT NULL,
                    hash BLOB NOT NULL UNIQUE, prefix TEXT NOT NULL,
                    created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER, last_used_at INTEGER);
                CREATE INDEX api_keys_workspace ON api_keys(workspace_id);
                CREATE TABLE policies (
                    workspace_id TEXT PRIMARY KEY NOT NULL REFERENCES workspaces(id),
                    document TEXT NOT NULL, updated_at INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("v1-audit") { db in
            try db.execute(sql: """
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    time INTEGER NOT NULL, request_id TEXT NOT NULL, workspace_id TEXT,
                    user TEXT, key_id TEXT, action TEXT NOT NULL,
                    model_requested TEXT, model_served TEXT, provider TEXT, status INTEGER NOT NULL,
                    input_tokens INTEGER, output_tokens INTEGER, cost TEXT,
                    dlp_action TEXT, dlp_types TEXT, client_ip TEXT, user_agent TEXT, latency_us INTEGER,
                    detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                CREATE INDEX audit_workspace_time ON audit_log(workspace_id, time);
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                """)
        }
        migrator.registerMigration("v2-budget-caps") { db in try SQLiteBudgetCapStore.migrate(db) }
        migrator.registerMigration("v2-payload-archive") { db in
            try db.execute(sql: """
                CREATE TABLE audit_payloads (
                    audit_seq INTEGER PRIMARY KEY NOT NULL REFERENCES audit_log(seq),
                    request_id TEXT NOT NULL, workspace_id TEXT NOT NULL, time INTEGER NOT NULL,
                    key_id TEXT NOT NULL, request BLOB NOT NULL, response BLOB);
                CREATE INDEX audit_payloads_workspace_request ON audit_payloads(workspace_id, request_id);
                CREATE TRIGGER audit_payloads_no_update BEFORE UPDATE ON audit_payloads
                    BEGIN SELECT RAISE(ABORT, 'audit_payloads is append-only'); END;
                CREATE TRIGGER audit_payloads_no_delete BEFORE DELETE ON audit_payloads
                    BEGIN SELECT RAISE(ABORT, 'audit_payloads is append-only'); END;
                """)
        }
        migrator.registerMigration("v3-key-revision") { db in
            // A counter that every change able to withdraw a key's access bumps, in this process or any other
            // (the CLI): the gateway's in-memory key cache reads it on every request and drops its entries
            // when it moved. `last_used_at` is not in the column list, so the audit writer's touches do not
            // empty the cache.
            try db.execute(sql: """
                CREATE TABLE api_key_revision (
                    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), revision INTEGER NOT NULL);
                INSERT INTO api_key_revision (id, revision) VALUES (1, 0);
                CREATE TRIGGER api_keys_revision_on_update
                    AFTER UPDATE OF id, workspace_id, member_id, role, hash, expires_at, revoked_at ON api_keys
                    BEGIN UPDATE api_key_revision SET revision = revision + 1 WHERE id = 1; END;
                CREATE TRIGGER api_keys_revision_on_delete AFTER DELETE ON api_keys
                    BEGIN UPDATE api_key_revision SET revision = revision + 1 WHERE id = 1; END;
                """)
        }
        return migrator
    }
}
