using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.Migrations
{
    /// <summary>The hash chain's seals move out of <c>login_logs</c> into the insert-only <c>login_log_seals</c> (decision 0009).</summary>
    public partial class LoginLogSeals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "login_log_seals",
                columns: table => new
                {
                    login_log_id = table.Column<long>(type: "INTEGER", nullable: false),
                    chain_seq = table.Column<long>(type: "INTEGER", nullable: false),
                    previous_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    chain_hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_log_seals", x => x.login_log_id);
                });

            // Every seal moves over as it is, so an upgraded database verifies with the same head.
            migrationBuilder.Sql("INSERT INTO login_log_seals (login_log_id, chain_seq, previous_hash, chain_hash) SELECT id, chain_seq, previous_hash, chain_hash FROM login_logs WHERE chain_hash IS NOT NULL ORDER BY id");

            // SQLite's own DROP COLUMN, not EF's rebuild of the table: that would reorder the columns, and could hand out
            // again the ids of the newest rows deleted (the AUTOINCREMENT counter restarts from the copied rows' largest id).
            migrationBuilder.Sql("ALTER TABLE login_logs DROP COLUMN chain_seq");
            migrationBuilder.Sql("ALTER TABLE login_logs DROP COLUMN previous_hash");
            migrationBuilder.Sql("ALTER TABLE login_logs DROP COLUMN chain_hash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
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

            migrationBuilder.Sql("UPDATE login_logs SET chain_seq = s.chain_seq, previous_hash = s.previous_hash, chain_hash = s.chain_hash FROM login_log_seals s WHERE s.login_log_id = login_logs.id");

            migrationBuilder.DropTable(
                name: "login_log_seals");
        }
    }
}
