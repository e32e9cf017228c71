using System.Data;
using System.Data.Common;
using System.Net;
using LoginAudit.Data.History;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LoginAudit.Data;

/// <summary>
/// What the raw ADO.NET paths (audit writer, sealer, verifier, purger, demo seeder) say differently to SQLite and to
/// PostgreSQL, in one place; everything else they send is the same SQL on both (<c>@name</c> parameters, quoted Identity names).
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();

    public static readonly SqlDialect PostgreSql = new PostgreSqlDialect();

    /// <summary>The advisory lock audit writes hold shared on PostgreSQL (see <see cref="SettledIdAsync"/>).</summary>
    internal const long PostgreSqlAuditWriteLock = PostgreSqlDialect.AuditWriteLock;

    public static SqlDialect For(DbConnection connection) => connection is NpgsqlConnection ? PostgreSql : Sqlite;

    /// <summary>
    /// Begins a transaction that writes audit rows. Ids must reach the sealer in commit order (see <see cref="SettledIdAsync"/>).
    /// </summary>
    public abstract Task<DbTransaction> BeginAuditWriteAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>Begins a transaction that reads and moves the chain's marks: one such transaction at a time, in any process.</summary>
    public abstract Task<DbTransaction> BeginChainWriteAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Begins a read-only transaction that sees one consistent snapshot of <c>login_logs</c> throughout (on PostgreSQL its
    /// month partitions are locked first: a partition dropped meanwhile would be gone even for an older snapshot).
    /// </summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>
    /// The highest id below which no <c>login_logs</c> row can still appear: every id up to it is committed or never will be.
    /// </summary>
    public abstract Task<long> SettledIdAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>An account id as the column stores it (<c>uuid</c> on PostgreSQL).</summary>
    public abstract object UserId(string? userId);

    /// <summary>An IP address as the column stores it (<c>inet</c> on PostgreSQL).</summary>
    public abstract object IpAddress(string? ipAddress);

    /// <summary>An <c>ip_address</c> column as text, for a text match or a text result.</summary>
    public abstract string IpText(string column);

    /// <summary>An account id column as text (PostgreSQL has no <c>max(uuid)</c>).</summary>
    public abstract string UserIdText(string column);

    /// <summary>The condition that a boolean column is true, as the partial indexes' filters say it.</summary>
    public abstract string IsTrue(string column);

    /// <summary>Makes rows written in the transaction searchable; null where the database indexes them itself.</summary>
    public abstract string? IndexNewRowsForSearchSql { get; }

    /// <summary>What a bulk load (the demo seeder) sets on its connection first.</summary>
    public abstract string BulkLoadSetupSql { get; }

    /// <summary>What runs after a bulk load: fresh planner statistics.</summary>
    public abstract string AfterBulkLoadSql { get; }

    private sealed class SqliteDialect : SqlDialect
    {
        // Immediate: the write lock is taken before the first read, so a read-then-write is never refused because
        // another connection wrote in between; and SQLite's single writer keeps ids in commit order.
        public override Task<DbTransaction> BeginAuditWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
            Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

        public override Task<DbTransaction> BeginChainWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
            BeginAuditWriteAsync(connection, cancellationToken);

        public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
            Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

        // The sealer's own immediate transaction holds the single write lock: nothing else is in flight.
        public override Task<long> SettledIdAsync(DbConnection connection, CancellationToken cancellationToken = default) => Task.FromResult(long.MaxValue);

        public override object UserId(string? userId) => userId ?? (object)DBNull.Value;

        public override object IpAddress(string? ipAddress) => ipAddress ?? (object)DBNull.Value;

        public override string IpText(string column) => column;

        public override string UserIdText(string column) => column;

        public override string IsTrue(string column) => $"{column} = 1";

        public override string? IndexNewRowsForSearchSql => LoginLogSearchIndex.IndexNewRowsSql;

        public override string BulkLoadSetupSql => "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144;";

        // Not PRAGMA optimize: since SQLite 3.46 it samples 2,000 rows an index, which put about 2,000 rows on each event
        // type (there are 140,000) and made the grid sort every failure of a week instead of walking the time index
        // (docs/query-plans.md). The WAL is folded back: readers would otherwise look most pages up in it.
        public override string AfterBulkLoadSql => "PRAGMA analysis_limit = 0; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
    }

    /// <remarks>
    /// Identity columns hand out ids at insert, not at commit, so with concurrent writers a smaller id can commit after a
    /// larger one. Audit writes therefore hold <see cref="AuditWriteLock"/> shared for their transaction, and the sealer
    /// takes it exclusively for the moment it reads the largest id: all writes then in flight have ended, and every later
    /// one gets a larger id. The chain's marks are moved under <see cref="ChainWriteLock"/>.
    /// </remarks>
    private sealed class PostgreSqlDialect : SqlDialect
    {
        // "LgAudit" + 1 and + 2: transaction-level advisory locks, released by the commit or rollback.
        internal const long AuditWriteLock = 0x4C67417564697401;
        private const long ChainWriteLock = 0x4C67417564697402;

        public override async Task<DbTransaction> BeginAuditWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
            await BeginWithLockAsync(connection, $"SELECT pg_advisory_xact_lock_shared({AuditWriteLock})", cancellationToken);

        public override async Task<DbTransaction> BeginChainWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
            await BeginWithLockAsync(connection, $"SELECT pg_advisory_xact_lock({ChainWriteLock})", cancellationToken);

        public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken = default)
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await ExecuteAsync(connection, transaction, "SET TRANSACTION READ ONLY", cancellationToken);

            // Before the snapshot is taken (by the first query): retention's DETACH then waits for this transaction to end.
            await ExecuteAsync(connection, transaction, "LOCK TABLE login_logs IN ACCESS SHARE MODE", cancellationToken);
            return transaction;
        }

        public override async Task<long> SettledIdAsync(DbConnection connection, CancellationToken cancellationToken = default)
        {
            await using var transaction = await BeginWithLockAsync(connection, $"SELECT pg_advisory_xact_lock({AuditWriteLock})", cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT coalesce(max(id), 0) FROM login_logs";
            var settled = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            await transaction.CommitAsync(cancellationToken);
            return settled;
        }

        public override object UserId(string? userId) => userId is null ? DBNull.Value : Guid.TryParse(userId, out var id) ? id : Guid.Empty;

        public override object IpAddress(string? ipAddress) => ipAddress is null ? DBNull.Value : IPAddress.Parse(ipAddress);

        /// <summary>
        /// In byte order, as every text column of the model (and SQLite) compares: <c>host()</c> would take the database's
        /// default collation, which a server initialised with the system's locale makes en_US or ICU, where ':' sorts before digits.
        /// </summary>
        public override string IpText(string column) => $"host({column}) COLLATE \"C\"";

        public override string UserIdText(string column) => $"{column}::text";

        public override string IsTrue(string column) => column;

        public override string? IndexNewRowsForSearchSql => null;

        // A demo load may lose its last rows to a crash (it is rerun), never the database's consistency.
        public override string BulkLoadSetupSql => "SET synchronous_commit = off";

        // VACUUM as well: it marks the loaded pages all-visible, which autovacuum may never do for them. Its pass over a
        // partition during the load (measured on a fresh bench seed, 2026-12-02) could not mark the pages of transactions
        // still running, reset the partition's insert count all the same, and would not come back for another fifth of its
        // rows: the users page's index-only counts then fetched 28,836 rows from the heap, 90 ms instead of 23.
        public override string AfterBulkLoadSql => "VACUUM (ANALYZE)";

        private static async Task<DbTransaction> BeginWithLockAsync(DbConnection connection, string lockSql, CancellationToken cancellationToken)
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await ExecuteAsync(connection, transaction, lockSql, cancellationToken);
                return transaction;
            }
            catch
            {
                await transaction.DisposeAsync();
                throw;
            }
        }

        private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
