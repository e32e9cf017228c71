using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoginAudit.Data.PostgreSQL.Migrations
{
    /// <summary>
    /// <c>login_logs</c> becomes partitioned by month of <c>created_at</c> (UTC), so that retention drops whole months
    /// (LoginAudit.Data/Partitioning). Written by hand: EF Core cannot express partitioning, and its model keeps <c>id</c> as
    /// the key (ids come from one identity, so they stay unique), while the table's primary key must hold the partition key.
    /// </summary>
    /// <remarks>
    /// The table is rebuilt in one transaction: a partitioned copy with the same columns, a partition for every month that
    /// has rows (and the current one) plus a DEFAULT partition for any other date, the rows moved with their ids and seals,
    /// the identity continued from where the old one was, and the indexes, foreign keys and triggers the old table had
    /// recreated from its own catalog (so whatever earlier migrations added is kept, under the same names).
    /// </remarks>
    public partial class PartitionLoginLogsByMonth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Rebuild(
                """
                CREATE TABLE login_logs_rebuilt (LIKE login_logs INCLUDING ALL EXCLUDING INDEXES) PARTITION BY RANGE (created_at);
                CREATE TABLE login_logs_default PARTITION OF login_logs_rebuilt DEFAULT;
                FOR month IN
                    SELECT DISTINCT date_trunc('month', created_at, 'UTC') FROM login_logs
                    UNION SELECT date_trunc('month', now(), 'UTC')
                LOOP
                    EXECUTE format(
                        'CREATE TABLE %I PARTITION OF login_logs_rebuilt FOR VALUES FROM (%L) TO (%L)',
                        'login_logs_' || to_char(month AT TIME ZONE 'UTC', 'YYYY_MM'),
                        to_char(month AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                        to_char((month AT TIME ZONE 'UTC') + interval '1 month', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
                END LOOP;
                """,
                primaryKey: "id, created_at"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Rebuild(
                "CREATE TABLE login_logs_rebuilt (LIKE login_logs INCLUDING ALL EXCLUDING INDEXES);",
                primaryKey: "id"));
        }

        private static string Rebuild(string createTable, string primaryKey) => $$"""
            DO $rebuild$
            DECLARE
                definitions text[];
                definition text;
                month timestamptz;
            BEGIN
                LOCK TABLE login_logs IN ACCESS EXCLUSIVE MODE;

                SELECT coalesce(array_agg(replace(pg_get_indexdef(indexrelid), ' ON ONLY ', ' ON ') ORDER BY indexrelid), '{}') INTO definitions
                FROM pg_index WHERE indrelid = 'login_logs'::regclass AND NOT indisprimary;
                SELECT definitions || coalesce(array_agg(format('ALTER TABLE login_logs ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)) ORDER BY conname), '{}')
                INTO definitions FROM pg_constraint WHERE conrelid = 'login_logs'::regclass AND contype = 'f';
                SELECT definitions || coalesce(array_agg(pg_get_triggerdef(oid) ORDER BY tgname), '{}')
                INTO definitions FROM pg_trigger WHERE tgrelid = 'login_logs'::regclass AND NOT tgisinternal AND tgparentid = 0;

                {{createTable}}

                INSERT INTO login_logs_rebuilt SELECT * FROM login_logs;

                -- Ids go on from where the identity was, not from the largest id left: purged (the chain's anchor, a stream's
                -- checkpoint) and rolled-back ids are never handed out again.
                PERFORM setval(pg_get_serial_sequence('login_logs_rebuilt', 'id'), last_value, is_called)
                FROM login_logs_id_seq;

                DROP TABLE login_logs;
                ALTER TABLE login_logs_rebuilt RENAME TO login_logs;
                ALTER SEQUENCE login_logs_rebuilt_id_seq RENAME TO login_logs_id_seq;
                ALTER TABLE login_logs ADD CONSTRAINT "PK_login_logs" PRIMARY KEY ({{primaryKey}});
                FOREACH definition IN ARRAY definitions LOOP
                    EXECUTE definition;
                END LOOP;
            END
            $rebuild$;
            """;
    }
}
