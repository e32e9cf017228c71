using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.Migrations
{
    /// <inheritdoc />
    public partial class HashChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "chain_hash",
                table: "login_logs",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "chain_seq",
                table: "login_logs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "previous_hash",
                table: "login_logs",
                type: "BLOB",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "login_log_chain",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    row_id = table.Column<long>(type: "INTEGER", nullable: false),
                    seq = table.Column<long>(type: "INTEGER", nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_log_chain", x => x.name);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "login_log_chain");

            migrationBuilder.DropColumn(
                name: "chain_hash",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "chain_seq",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "previous_hash",
                table: "login_logs");
        }
    }
}
