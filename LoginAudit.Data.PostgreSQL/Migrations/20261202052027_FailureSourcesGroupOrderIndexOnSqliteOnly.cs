using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class FailureSourcesGroupOrderIndexOnSqliteOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_login_log_failure_sources_by_source",
                table: "login_log_failure_sources");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_login_log_failure_sources_by_source",
                table: "login_log_failure_sources",
                columns: new[] { "address", "user_name", "user_id", "hour", "count" });
        }
    }
}
