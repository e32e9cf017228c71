using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class NetworksReviewsStreamsKeyRingDeviceFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "as_org",
                table: "login_logs",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<int>(
                name: "asn",
                table: "login_logs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "risk_level",
                table: "login_logs",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "None",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "trace_id",
                table: "login_logs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<bool>(
                name: "RequiresNewPassword",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "device_failures",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    device_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    failed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_failures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "login_log_streams",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    last_row_id = table.Column<long>(type: "bigint", nullable: false),
                    rows_sent = table.Column<long>(type: "bigint", nullable: false),
                    last_sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    failing_since = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true, collation: "C"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_log_streams", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_risk_level_created_at",
                table: "login_logs",
                columns: new[] { "risk_level", "created_at" },
                filter: "risk_level <> 'None'");

            migrationBuilder.CreateIndex(
                name: "ix_device_failures_device_id_failed_at",
                table: "device_failures",
                columns: new[] { "device_id", "failed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_device_failures_failed_at",
                table: "device_failures",
                column: "failed_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "device_failures");

            migrationBuilder.DropTable(
                name: "login_log_streams");

            migrationBuilder.DropIndex(
                name: "ix_login_logs_risk_level_created_at",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "as_org",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "asn",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "risk_level",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "trace_id",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "RequiresNewPassword",
                table: "AspNetUsers");
        }
    }
}
