using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.Migrations
{
    /// <summary>
    /// Indexes that hold only the rows their queries ask for (docs/query-plans.md, "Partial indexes"): those by account and by
    /// session leave out the rows without one (an attack's unknown names and failures), and the open sessions have an index of
    /// their own, by account, in place of every session by its end and by its account.
    /// </summary>
    public partial class PartialIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_login_sessions_ended_at_expires_at",
                table: "login_sessions");

            migrationBuilder.DropIndex(
                name: "ix_login_sessions_user_id_ended_at",
                table: "login_sessions");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_session_id",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_user_id_created_at",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_user_id_event_type_created_at",
                table: "login_logs");

            migrationBuilder.CreateIndex(
                name: "ix_login_sessions_open",
                table: "login_sessions",
                columns: new[] { "user_id", "expires_at", "ended_at" },
                filter: "ended_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_login_sessions_user_id",
                table: "login_sessions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_session_id",
                table: "login_logs",
                column: "session_id",
                filter: "session_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_user_id_created_at",
                table: "login_logs",
                columns: new[] { "user_id", "created_at" },
                filter: "user_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_user_id_event_type_created_at",
                table: "login_logs",
                columns: new[] { "user_id", "event_type", "created_at" },
                filter: "user_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_login_sessions_open",
                table: "login_sessions");

            migrationBuilder.DropIndex(
                name: "ix_login_sessions_user_id",
                table: "login_sessions");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_session_id",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_user_id_created_at",
                table: "login_logs");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_user_id_event_type_created_at",
                table: "login_logs");

            migrationBuilder.CreateIndex(
                name: "ix_login_sessions_ended_at_expires_at",
                table: "login_sessions",
                columns: new[] { "ended_at", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_sessions_user_id_ended_at",
                table: "login_sessions",
                columns: new[] { "user_id", "ended_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_session_id",
                table: "login_logs",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_user_id_created_at",
                table: "login_logs",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_user_id_event_type_created_at",
                table: "login_logs",
                columns: new[] { "user_id", "event_type", "created_at" });
        }
    }
}
