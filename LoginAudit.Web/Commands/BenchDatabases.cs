using System.Globalization;
using System.Net.Sockets;
using LoginAudit.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace LoginAudit.Web.Commands;

/// <summary>
/// The bench's own databases, never the configured one: on SQLite files in the temp folder
/// (<c>loginaudit-bench/NAME.db</c>); on PostgreSQL databases named <c>loginaudit_bench_NAME</c> on the server the
/// connection string names, created and dropped by the bench (its role needs <c>CREATEDB</c>).
/// </summary>
internal abstract class BenchDatabases
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The connection string of the bench database <paramref name="name"/> (letters, digits and dashes).</summary>
    public abstract string ConnectionString(string name);

    /// <summary>Where the database is, as the report names it (no password).</summary>
    public abstract string Describe(string name);

    /// <summary>Deletes the database with everything that belongs to it; a missing one is no error.</summary>
    public abstract Task DeleteAsync(string name, CancellationToken ct);

    /// <summary>Replaces <paramref name="destination"/> with a copy of the whole of <paramref name="source"/>.</summary>
    public abstract Task CopyAsync(string source, string destination, CancellationToken ct);

    /// <summary>The bytes the database's tables, indexes and search index use (free space left out).</summary>
    public abstract Task<long> BytesUsedAsync(LoginAuditDbContext db, CancellationToken ct);

    /// <summary>The database engine's name and version, for the report's machine section.</summary>
    public abstract Task<(string Name, string Version)> EngineAsync(LoginAuditDbContext db, CancellationToken ct);

    /// <summary>Closes the idle pooled connections, which would keep a file or database in use.</summary>
    public abstract void ClearPools();

    public static BenchDatabases Sqlite(string directory) => new SqliteBenchDatabases(directory);

    /// <summary>Checks that the server answers and that the role may create databases; a sentence that says which is wrong otherwise.</summary>
    public static async Task<BenchDatabases> PostgreSqlAsync(string serverConnectionString, CancellationToken ct)
    {
        var databases = new PostgreSqlBenchDatabases(serverConnectionString);
        await databases.CheckServerAsync(ct);
        return databases;
    }

    /// <summary>Contexts on the bench database <paramref name="name"/>, opened as the app opens its database.</summary>
    public IDbContextFactory<LoginAuditDbContext> CreateFactory(string name, IInterceptor? interceptor = null)
    {
        var database = LoginAuditDatabase.For(Provider, ConnectionString(name));
        return interceptor is null ? database.CreatePooledFactory() : database.CreatePooledFactory(interceptor);
    }

    private sealed class SqliteBenchDatabases(string directory) : BenchDatabases
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override string ConnectionString(string name) => $"Data Source={PathOf(name)}";

        public override string Describe(string name) => PathOf(name);

        public override Task DeleteAsync(string name, CancellationToken ct)
        {
            ClearPools();
            var path = PathOf(name);
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return Task.CompletedTask;
        }

        /// <summary>Folds the WAL into the file first, so that the copy is the whole database.</summary>
        public override async Task CopyAsync(string source, string destination, CancellationToken ct)
        {
            await using (var connection = new SqliteConnection(ConnectionString(source)))
            {
                await connection.OpenAsync(ct);
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await checkpoint.ExecuteNonQueryAsync(ct);
            }

            await DeleteAsync(destination, ct);
            File.Copy(PathOf(source), PathOf(destination));
        }

        public override Task<long> BytesUsedAsync(LoginAuditDbContext db, CancellationToken ct) =>
            db.Database.SqlQuery<long>($"""
                SELECT (page_count - freelist_count) * page_size AS "Value" FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()
                """).SingleAsync(ct);

        public override async Task<(string Name, string Version)> EngineAsync(LoginAuditDbContext db, CancellationToken ct) =>
            ("sqlite", await db.Database.SqlQuery<string>($"SELECT sqlite_version() AS \"Value\"").SingleAsync(ct));

        public override void ClearPools() => SqliteConnection.ClearAllPools();

        private string PathOf(string name) => Path.Combine(directory, name + ".db");
    }

    private sealed class PostgreSqlBenchDatabases(string serverConnectionString) : BenchDatabases
    {
        private readonly NpgsqlConnectionStringBuilder server = new(PostgreSqlConnectionStrings.Normalize(serverConnectionString));

        public override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;

        public override string ConnectionString(string name) => ConnectionStringFor(DatabaseName(name));

        public override string Describe(string name) => string.Create(CultureInfo.InvariantCulture, $"{server.Host}:{server.Port}/{DatabaseName(name)}");

        public override async Task DeleteAsync(string name, CancellationToken ct)
        {
            ClearPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS {DatabaseName(name)}", ct);
        }

        public override async Task CopyAsync(string source, string destination, CancellationToken ct)
        {
            await DeleteAsync(destination, ct);
            await ExecuteAsync($"CREATE DATABASE {DatabaseName(destination)} TEMPLATE {DatabaseName(source)}", ct);
        }

        // Partitions are tables of their own (relkind r); TOAST and indexes are in each table's total.
        public override Task<long> BytesUsedAsync(LoginAuditDbContext db, CancellationToken ct) =>
            db.Database.SqlQuery<long>($"""
                SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS "Value" FROM pg_class AS c
                JOIN pg_namespace AS n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')
                """).SingleAsync(ct);

        public override async Task<(string Name, string Version)> EngineAsync(LoginAuditDbContext db, CancellationToken ct) =>
            ("postgresql", await db.Database.SqlQuery<string>($"SELECT current_setting('server_version') AS \"Value\"").SingleAsync(ct));

        public override void ClearPools() => NpgsqlConnection.ClearAllPools();

        public async Task CheckServerAsync(CancellationToken ct)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user", connection);
                if (await command.ExecuteScalarAsync(ct) is not true)
                {
                    throw new BenchSetupException(
                        $"The PostgreSQL role '{server.Username}' may not create databases; the bench creates its own (loginaudit_bench_...). Grant it: ALTER ROLE {server.Username} CREATEDB.");
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
            {
                throw new BenchSetupException(
                    $"PostgreSQL at {server.Host}:{server.Port} is not reachable as '{server.Username}' ({exception.Message}). Start it (pg_ctlcluster 15 main start) or name another server with --connection.",
                    exception);
            }
        }

        private static string DatabaseName(string name) => "loginaudit_bench_" + name.Replace('-', '_');

        private string ConnectionStringFor(string database) =>
            new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;

        private async Task ExecuteAsync(string sql, CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
            await connection.OpenAsync(ct);
            // No timeout: copying a million-row database takes minutes (Npgsql's default of 30 s stopped the first 1M run).
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>The bench cannot start: the sentence says what to set up.</summary>
internal sealed class BenchSetupException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
