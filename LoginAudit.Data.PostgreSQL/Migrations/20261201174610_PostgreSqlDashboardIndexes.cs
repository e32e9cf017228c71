using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <summary>
    /// Three PostgreSQL-only partial indexes the dashboards' aggregates were chosen by, from their plans at a million rows
    /// (docs/query-plans.md, "PostgreSQL"). Not in the EF model: SQLite's plans do not need them, and the logical schema
    /// stays the same on both providers.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>ix_login_logs_failures_by_user_id</c>: a user's failed attempts in a range (users page, timeline, the
    /// brute-force signal) as one index-only range; the generic plan of the prepared users page otherwise read the
    /// newest month through <c>(user_id, created_at)</c> and the table (about 1 ms per user).</item>
    /// <item><c>ix_login_logs_attempts_by_ip</c>: the overview's distinct addresses probe each address for an attempt in the
    /// range; through <c>(ip_address, created_at)</c> the planner built a bitmap of every row of the address and read the
    /// table for the event type (2 ms per address).</item>
    /// <item><c>ix_login_sessions_active</c>: the active sessions per user and their count, index-only instead of a heap
    /// page per active session.</item>
    /// </list>
    /// </remarks>
    public partial class PostgreSqlDashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_login_logs_failures_by_user_id ON login_logs (user_id, created_at)
                    WHERE event_type IN ('SignInFailed', 'LockedOut');
                CREATE INDEX ix_login_logs_attempts_by_ip ON login_logs (ip_address, created_at)
                    WHERE event_type IN ('SignInSucceeded', 'SignInFailed', 'LockedOut');
                CREATE INDEX ix_login_sessions_active ON login_sessions (expires_at) INCLUDE (user_id)
                    WHERE ended_at IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_login_sessions_active; DROP INDEX ix_login_logs_attempts_by_ip; DROP INDEX ix_login_logs_failures_by_user_id;");
        }
    }
}
