using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class DropRolledUpFailureIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_browser",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_device_type",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_os",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_reason",
                table: "login_logs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
                name: "ix_login_logs_failures_by_os",
                table: "login_logs",
                columns: new[] { "os", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_reason",
                table: "login_logs",
                columns: new[] { "failure_reason", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");
        }
    }
}
