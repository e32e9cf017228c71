using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.Migrations
{
    /// <inheritdoc />
    public partial class FailureSourcesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_ip",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_user_name",
                table: "login_logs");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_ip",
                table: "login_logs",
                columns: new[] { "ip_address", "user_name", "created_at", "event_type", "user_id" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_login_logs_failures_by_ip",
                table: "login_logs");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_ip",
                table: "login_logs",
                columns: new[] { "ip_address", "user_name", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_user_name",
                table: "login_logs",
                columns: new[] { "user_name", "user_id", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");
        }
    }
}
