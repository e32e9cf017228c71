using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class FailureSourceRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "login_log_failure_sources",
                columns: table => new
                {
                    hour = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    address = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: false, collation: "C"),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    user_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_login_log_failure_sources", x => new { x.hour, x.address, x.user_name, x.user_id });
                });

            // One mark covers every roll-up table, and an existing database's is at its newest row: it would claim this empty
            // table counted. The counts start over instead, and the roll-up duty counts every row again into every table
            // (the dashboards read the rows until it has caught up).
            migrationBuilder.Sql("DELETE FROM login_log_rollups; DELETE FROM login_log_rollup_marks;");

            migrationBuilder.CreateIndex(
                name: "ix_login_log_failure_sources_by_source",
                table: "login_log_failure_sources",
                columns: new[] { "address", "user_name", "user_id", "hour", "count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "login_log_failure_sources");
        }
    }
}
