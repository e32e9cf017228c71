using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardIndexesAndSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_login_logs_event_type_created_at",
                table: "login_logs",
                columns: new[] { "event_type", "created_at", "user_id", "ip_address" });

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures",
                table: "login_logs",
                columns: new[] { "created_at", "failure_reason", "user_name", "user_id", "ip_address", "device_type", "browser", "os", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_browser",
                table: "login_logs",
                columns: new[] { "browser", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_device_type",
                table: "login_logs",
                columns: new[] { "device_type", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_ip",
                table: "login_logs",
                columns: new[] { "ip_address", "user_name", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_os",
                table: "login_logs",
                columns: new[] { "os", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_reason",
                table: "login_logs",
                columns: new[] { "failure_reason", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_user_name",
                table: "login_logs",
                columns: new[] { "user_name", "user_id", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_suspicious_created_at",
                table: "login_logs",
                column: "created_at",
                filter: "suspicious = 1");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_user_id_event_type_created_at",
                table: "login_logs",
                columns: new[] { "user_id", "event_type", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_user_name_created_at",
                table: "login_logs",
                columns: new[] { "user_name", "created_at" });

            // Free-text search (LoginLogSearch): an FTS5 trigram external-content table, the triggers that keep it in
            // sync with login_logs, and the backfill of existing rows. EF cannot model a virtual table.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE login_logs_fts USING fts5(user_name, ip_address, browser, os, device_type, device_brand, device_model, location, content='login_logs', content_rowid='id', tokenize='trigram');
                CREATE TRIGGER login_logs_fts_after_insert AFTER INSERT ON login_logs BEGIN
                    INSERT INTO login_logs_fts(rowid, user_name, ip_address, browser, os, device_type, device_brand, device_model, location) VALUES (new.id, new.user_name, new.ip_address, new.browser, new.os, new.device_type, new.device_brand, new.device_model, new.location);
                END;
                CREATE TRIGGER login_logs_fts_after_delete AFTER DELETE ON login_logs BEGIN
                    INSERT INTO login_logs_fts(login_logs_fts, rowid, user_name, ip_address, browser, os, device_type, device_brand, device_model, location) VALUES ('delete', old.id, old.user_name, old.ip_address, old.browser, old.os, old.device_type, old.device_brand, old.device_model, old.location);
                END;
                CREATE TRIGGER login_logs_fts_after_update AFTER UPDATE OF user_name, ip_address, browser, os, device_type, device_brand, device_model, location ON login_logs BEGIN
                    INSERT INTO login_logs_fts(login_logs_fts, rowid, user_name, ip_address, browser, os, device_type, device_brand, device_model, location) VALUES ('delete', old.id, old.user_name, old.ip_address, old.browser, old.os, old.device_type, old.device_brand, old.device_model, old.location);
                    INSERT INTO login_logs_fts(rowid, user_name, ip_address, browser, os, device_type, device_brand, device_model, location) VALUES (new.id, new.user_name, new.ip_address, new.browser, new.os, new.device_type, new.device_brand, new.device_model, new.location);
                END;
                INSERT INTO login_logs_fts(login_logs_fts) VALUES ('rebuild');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS login_logs_fts_after_update;
                DROP TRIGGER IF EXISTS login_logs_fts_after_delete;
                DROP TRIGGER IF EXISTS login_logs_fts_after_insert;
                DROP TABLE IF EXISTS login_logs_fts;
                """);

            migrationBuilder.DropIndex(
                name: "ix_login_logs_event_type_created_at",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_browser",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_device_type",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_ip",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_os",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_reason",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_user_name",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_suspicious_created_at",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_user_id_event_type_created_at",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_user_name_created_at",
                table: "login_logs");
        }
    }
}
