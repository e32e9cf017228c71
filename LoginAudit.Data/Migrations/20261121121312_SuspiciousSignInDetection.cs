using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.Migrations
{
    /// <inheritdoc />
    public partial class SuspiciousSignInDetection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "city",
                table: "login_logs",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "country_code",
                table: "login_logs",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "latitude",
                table: "login_logs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "longitude",
                table: "login_logs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "suspicious_reasons",
                table: "login_logs",
                type: "TEXT",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "city",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "country_code",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "latitude",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "longitude",
                table: "login_logs");

            migrationBuilder.DropColumn(
                name: "suspicious_reasons",
                table: "login_logs");
        }
    }
}
