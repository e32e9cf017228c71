using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class LoginLogRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "login_log_rollup_marks",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    row_id = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_log_rollup_marks", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "login_log_rollups",
                columns: table => new
                {
                    dimension = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    hour = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_login_log_rollups", x => new { x.dimension, x.hour, x.value });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "login_log_rollup_marks");

            migrationBuilder.DropTable(
                name: "login_log_rollups");
        }
    }
}
