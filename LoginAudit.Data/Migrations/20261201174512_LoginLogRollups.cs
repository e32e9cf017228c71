using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.Migrations
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
                    name = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    row_id = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_log_rollup_marks", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "login_log_rollups",
                columns: table => new
                {
                    dimension = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    hour = table.Column<DateTime>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false)
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
