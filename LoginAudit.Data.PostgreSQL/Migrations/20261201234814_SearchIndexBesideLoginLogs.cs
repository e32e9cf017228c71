using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <summary>
    /// The search index moves off the audit write path (decision 0010): <c>login_log_search</c>, a narrow table with the
    /// trigram index, filled by the search index duty (LoginAudit.Data/History/PostgreSqlSearchIndex), takes the place of the
    /// trigram index on <c>login_logs</c>, which every audit insert maintained. Written by hand, as SQLite's FTS5 table is: the
    /// model maps the table but keeps it out of migrations, so the logical schema stays the same on both providers.
    /// </summary>
    /// <remarks>
    /// Created empty: the duty's first pass copies every row (in batches), and until it has, searches read the rows above the
    /// index's mark from <c>login_logs</c>, so nothing goes missing meanwhile. The indexes: the time order (a frequent term is
    /// walked newest first and stops at the cap), the trigrams of the lower-case search text, and the user name and the
    /// address's text (a search of one or two characters is a prefix of either).
    /// </remarks>
    public partial class SearchIndexBesideLoginLogs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE login_log_search (
                    id bigint NOT NULL,
                    created_at timestamp with time zone NOT NULL,
                    user_name text COLLATE "C",
                    address text COLLATE "C",
                    search_key text COLLATE "C" NOT NULL,
                    CONSTRAINT "PK_login_log_search" PRIMARY KEY (id));
                CREATE INDEX ix_login_log_search_created_at ON login_log_search (created_at, id);
                CREATE INDEX ix_login_log_search_key ON login_log_search USING gin (search_key gin_trgm_ops);
                CREATE INDEX ix_login_log_search_user_name ON login_log_search (user_name);
                CREATE INDEX ix_login_log_search_address ON login_log_search (address);
                DROP INDEX ix_login_logs_search;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_login_logs_search ON login_logs
                    USING gin (login_log_search_text(user_name, ip_address, browser, os, device_type, device_brand, device_model, location) gin_trgm_ops);
                DROP TABLE login_log_search;
                """);
        }
    }
}
