using System;
using System.Net;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "login_log_chain",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    row_id = table.Column<long>(type: "bigint", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_log_chain", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    ProviderKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserPasskeys",
                columns: table => new
                {
                    CredentialId = table.Column<byte[]>(type: "bytea", maxLength: 1024, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Data = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserPasskeys", x => x.CredentialId);
                    table.ForeignKey(
                        name: "FK_AspNetUserPasskeys_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginProvider = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "login_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    event_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    failure_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    error_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    sign_in_method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true, collation: "C"),
                    ip_address = table.Column<IPAddress>(type: "inet", nullable: true),
                    user_agent = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true, collation: "C"),
                    browser = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    browser_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    os = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    os_version = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    device_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    device_brand = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    device_model = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    is_bot = table.Column<bool>(type: "boolean", nullable: false),
                    location = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true, collation: "C"),
                    country_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true, collation: "C"),
                    city = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true, collation: "C"),
                    latitude = table.Column<double>(type: "double precision", nullable: true),
                    longitude = table.Column<double>(type: "double precision", nullable: true),
                    suspicious = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    suspicious_reasons = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true, collation: "C"),
                    session_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    chain_seq = table.Column<long>(type: "bigint", nullable: true),
                    previous_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    chain_hash = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_logs", x => x.id);
                    table.ForeignKey(
                        name: "FK_login_logs_AspNetUsers_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "login_sessions",
                columns: table => new
                {
                    session_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ended_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_sessions", x => x.session_id);
                    table.ForeignKey(
                        name: "FK_login_sessions_AspNetUsers_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserPasskeys_UserId",
                table: "AspNetUserPasskeys",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_created_at",
                table: "login_logs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_event_type_created_at",
                table: "login_logs",
                columns: new[] { "event_type", "created_at", "user_id", "ip_address" });

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures",
                table: "login_logs",
                columns: new[] { "created_at", "failure_reason", "user_name", "user_id", "ip_address", "device_type", "browser", "os", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_browser",
                table: "login_logs",
                columns: new[] { "browser", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_device_type",
                table: "login_logs",
                columns: new[] { "device_type", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_ip",
                table: "login_logs",
                columns: new[] { "ip_address", "user_name", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_os",
                table: "login_logs",
                columns: new[] { "os", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_reason",
                table: "login_logs",
                columns: new[] { "failure_reason", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_failures_by_user_name",
                table: "login_logs",
                columns: new[] { "user_name", "user_id", "created_at", "event_type" },
                filter: "event_type IN ('SignInFailed', 'LockedOut')");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_ip_address_created_at",
                table: "login_logs",
                columns: new[] { "ip_address", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_session_id",
                table: "login_logs",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_suspicious_created_at",
                table: "login_logs",
                column: "created_at",
                filter: "suspicious");

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_user_id_created_at",
                table: "login_logs",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_user_id_event_type_created_at",
                table: "login_logs",
                columns: new[] { "user_id", "event_type", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_logs_user_name_created_at",
                table: "login_logs",
                columns: new[] { "user_name", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_sessions_ended_at_expires_at",
                table: "login_sessions",
                columns: new[] { "ended_at", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_sessions_user_id_ended_at",
                table: "login_sessions",
                columns: new[] { "user_id", "ended_at" });

            // Written by hand: EF Core has no SQL functions or expression indexes. The IP filter's network match (see
            // History/IpNetworks) is inet's own <<=, inlined by the planner so that the ip_address index serves it.
            migrationBuilder.Sql("""
                CREATE FUNCTION ip_in_network(ip inet, network text) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$ SELECT ip <<= network::inet $$;
                """);

            // Free-text search (History/LoginLogSearch): one trigram index over the searched columns of a row, joined by a
            // space (no search term holds one); built only of immutable operators, so the planner inlines it and matches
            // the index expression.
            migrationBuilder.Sql("""
                CREATE FUNCTION login_log_search_text(
                    user_name text, ip_address inet, browser text, os text, device_type text, device_brand text, device_model text, location text)
                RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$ SELECT coalesce(user_name, '') || ' ' || coalesce(host(ip_address), '') || ' ' || coalesce(browser, '') || ' ' || coalesce(os, '')
                    || ' ' || coalesce(device_type, '') || ' ' || coalesce(device_brand, '') || ' ' || coalesce(device_model, '') || ' ' || coalesce(location, '') $$;
                CREATE INDEX ix_login_logs_search ON login_logs
                    USING gin (login_log_search_text(user_name, ip_address, browser, os, device_type, device_brand, device_model, location) gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_login_logs_search; DROP FUNCTION login_log_search_text; DROP FUNCTION ip_in_network;");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserPasskeys");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "login_log_chain");

            migrationBuilder.DropTable(
                name: "login_logs");

            migrationBuilder.DropTable(
                name: "login_sessions");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");
        }
    }
}
