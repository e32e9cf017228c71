using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.Migrations
{
    /// <inheritdoc />
    public partial class DetectionNetworksRiskReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "as_org",
                table: "login_logs",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "asn",
                table: "login_logs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "risk_level",
                table: "login_logs",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "trace_id",
                table: "login_logs",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "RequiresNewPassword",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_risk_level_created_at",
                table: "login_logs",
                columns: new[] { "risk_level", "created_at" },
                filter: "risk_level <> 'None'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
