using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <summary>
    /// Indexes that hold only the rows their queries ask for (docs/query-plans.md, "Partial indexes"): those by account and by
    /// session leave out the rows without one (an attack's unknown names and failures), and the open sessions have an index of
    /// their own, by account, in place of every session by its end and by its account.
    /// The PostgreSQL-only <c>ix_login_sessions_active</c> of <c>PostgreSqlDashboardIndexes</c> answered what
    /// <c>ix_login_sessions_open</c> answers, and goes; its <c>ix_login_logs_failures_by_user_id</c> leaves out the failures of
    /// unknown names, as the model's indexes by account do.
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

            migrationBuilder.Sql("""
                DROP INDEX ix_login_sessions_active;
                DROP INDEX ix_login_logs_failures_by_user_id;
                CREATE INDEX ix_login_logs_failures_by_user_id ON login_logs (user_id, created_at)
                    WHERE event_type IN ('SignInFailed', 'LockedOut') AND user_id IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_login_logs_failures_by_user_id;
                CREATE INDEX ix_login_logs_failures_by_user_id ON login_logs (user_id, created_at)
                    WHERE event_type IN ('SignInFailed', 'LockedOut');
                CREATE INDEX ix_login_sessions_active ON login_sessions (expires_at) INCLUDE (user_id)
                    WHERE ended_at IS NULL;
                """);

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
