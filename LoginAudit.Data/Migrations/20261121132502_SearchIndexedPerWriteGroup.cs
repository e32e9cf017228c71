using LoginAudit.Data.History;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.Migrations
{
    /// <summary>
    /// New rows enter the search index once per write transaction (<see cref="LoginLogSearchIndex"/>) instead of
    /// through a per-row trigger: FTS5 writes a segment at every statement boundary, which made the trigger most
    /// of an audit write's cost. Deletes and updates still go through triggers, only for rows already indexed.
    /// </summary>
    public partial class SearchIndexedPerWriteGroup : Migration
    {
        private const string Columns = "user_name, ip_address, browser, os, device_type, device_brand, device_model, location";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                DROP TRIGGER login_logs_fts_after_insert;
                DROP TRIGGER login_logs_fts_after_delete;
                DROP TRIGGER login_logs_fts_after_update;
                CREATE TRIGGER login_logs_fts_after_delete AFTER DELETE ON login_logs
                WHEN old.id <= {LoginLogSearchIndex.IndexedUpToSql} BEGIN
                    INSERT INTO login_logs_fts(login_logs_fts, rowid, {Columns}) VALUES ('delete', old.id, old.user_name, old.ip_address, old.browser, old.os, old.device_type, old.device_brand, old.device_model, old.location);
                END;
                CREATE TRIGGER login_logs_fts_after_update AFTER UPDATE OF {Columns} ON login_logs
                WHEN old.id <= {LoginLogSearchIndex.IndexedUpToSql} BEGIN
                    INSERT INTO login_logs_fts(login_logs_fts, rowid, {Columns}) VALUES ('delete', old.id, old.user_name, old.ip_address, old.browser, old.os, old.device_type, old.device_brand, old.device_model, old.location);
                    INSERT INTO login_logs_fts(rowid, {Columns}) VALUES (new.id, new.user_name, new.ip_address, new.browser, new.os, new.device_type, new.device_brand, new.device_model, new.location);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                {LoginLogSearchIndex.IndexNewRowsSql}
                DROP TRIGGER login_logs_fts_after_delete;
                DROP TRIGGER login_logs_fts_after_update;
                CREATE TRIGGER login_logs_fts_after_insert AFTER INSERT ON login_logs BEGIN
                    INSERT INTO login_logs_fts(rowid, {Columns}) VALUES (new.id, new.user_name, new.ip_address, new.browser, new.os, new.device_type, new.device_brand, new.device_model, new.location);
                END;
                CREATE TRIGGER login_logs_fts_after_delete AFTER DELETE ON login_logs BEGIN
                    INSERT INTO login_logs_fts(login_logs_fts, rowid, {Columns}) VALUES ('delete', old.id, old.user_name, old.ip_address, old.browser, old.os, old.device_type, old.device_brand, old.device_model, old.location);
                END;
                CREATE TRIGGER login_logs_fts_after_update AFTER UPDATE OF {Columns} ON login_logs BEGIN
                    INSERT INTO login_logs_fts(login_logs_fts, rowid, {Columns}) VALUES ('delete', old.id, old.user_name, old.ip_address, old.browser, old.os, old.device_type, old.device_brand, old.device_model, old.location);
                    INSERT INTO login_logs_fts(rowid, {Columns}) VALUES (new.id, new.user_name, new.ip_address, new.browser, new.os, new.device_type, new.device_brand, new.device_model, new.location);
                END;
                """);
        }
    }
}
