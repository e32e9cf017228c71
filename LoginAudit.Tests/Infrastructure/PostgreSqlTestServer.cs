using LoginAudit.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the PostgreSQL variants of the tests run against: <c>LOGINAUDIT_TEST_POSTGRES</c>, or the local
/// server with the role <c>.ci/run</c> creates. Each test gets a fresh database, copied from a template migrated once per
/// run, and dropped after it.
/// </summary>
public static class PostgreSqlTestServer
{
    public const string Setup =
        "apt-get install -y postgresql && pg_ctlcluster 15 main start && su postgres -c \"psql -c \\\"CREATE ROLE loginaudit_test LOGIN CREATEDB PASSWORD 'loginaudit_test'\\\"\"";

    /// <summary>
    /// The server and the test role, without a database. A missing server refuses at once; the connect timeout only
    /// bounds a slow answer, which under a loaded machine once took over 5 s and skipped every PostgreSQL test of a run.
    /// </summary>
    public static readonly string ServerConnectionString =
        Environment.GetEnvironmentVariable("LOGINAUDIT_TEST_POSTGRES")
        ?? "Host=localhost;Username=loginaudit_test;Password=loginaudit_test;Timeout=15";

    private static readonly string Template = $"loginaudit_template_{Environment.ProcessId}";
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static bool templateReady;

    private static readonly Lazy<string?> Unreachable = new(() =>
    {
        try
        {
            using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
            connection.Open();
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return exception.Message;
        }
    });

    /// <summary>
    /// Why the PostgreSQL tests are skipped (the server is unreachable), or null when they run. Under CI (<c>CI=true</c>)
    /// always null: there a missing server fails the run instead of passing it by skipping.
    /// </summary>
    public static string? SkipReason =>
        Environment.GetEnvironmentVariable("CI") == "true" || Unreachable.Value is not { } reason
            ? null
            : $"PostgreSQL is not reachable ({reason}). Install and start it, and create the test role: {Setup}";

    /// <summary>A fresh, migrated database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        ThrowIfUnreachable();
        await EnsureTemplateAsync();
        var name = $"loginaudit_test_{Guid.NewGuid():N}"[..32];
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {Template}");
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// A fresh database without any migration (an upgrade test migrates it part of the way), with the server's default
    /// collation or ICU's <paramref name="icuLocale"/> (as a server initialised with such a system locale makes every
    /// database); returns its connection string.
    /// </summary>
    public static async Task<string> CreateEmptyDatabaseAsync(string? icuLocale = null)
    {
        ThrowIfUnreachable();
        var name = $"loginaudit_test_{Guid.NewGuid():N}"[..32];
        await ExecuteAsync(icuLocale is null
            ? $"CREATE DATABASE {name}"
            : $"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icuLocale}'");
        return ConnectionStringFor(name);
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        // The app opens it with the normalized string (another pool) as well as the tests with this one.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(LoginAuditDatabase.For(DatabaseProvider.PostgreSQL, connectionString).ConnectionString));

        // Without FORCE, which would need pg_signal_backend to stop an autovacuum worker (the server stops that itself);
        // a connection still closing is waited for.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS {name}");
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ObjectInUse && attempt == 20)
            {
                throw new InvalidOperationException($"{name} is still in use by: {await SessionsOnAsync(name)}", exception);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                // A connection of the test role outlived its app (a non-pooled lock connection closing late): the role
                // may end its own sessions, which FORCE would do with more rights than the tests have.
                if (attempt >= 10)
                {
                    await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND usename = current_user AND pid <> pg_backend_pid()");
                }

                await Task.Delay(100);
            }
        }
    }

    private static void ThrowIfUnreachable()
    {
        if (Unreachable.Value is { } reason)
        {
            throw new InvalidOperationException($"PostgreSQL is not reachable ({reason}); set it up with: {Setup}");
        }
    }

    /// <summary>Who holds <paramref name="database"/> open (application name, since when, last statement): what a failed drop must say.</summary>
    private static async Task<string> SessionsOnAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var sessions = new NpgsqlCommand(
            "SELECT string_agg(format('%s (%s, since %s: %s)', application_name, state, backend_start, query), '; ') FROM pg_stat_activity WHERE datname = $1", connection);
        sessions.Parameters.AddWithValue(database);
        return await sessions.ExecuteScalarAsync() as string ?? "nobody any more";
    }

    private static async Task EnsureTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (templateReady)
            {
                return;
            }

            await ExecuteAsync($"DROP DATABASE IF EXISTS {Template} WITH (FORCE)");
            var connectionString = ConnectionStringFor(Template);
            var options = new DbContextOptionsBuilder<LoginAuditDbContext>();
            LoginAuditDatabase.For(DatabaseProvider.PostgreSQL, connectionString).Configure(options);
            await using (var db = new LoginAuditDbContext(options.Options))
            {
                await db.MigrateLoginAuditDatabaseAsync();
            }

            // A template may have no open connection while it is copied.
            NpgsqlConnection.ClearPool(new NpgsqlConnection(LoginAuditDatabase.For(DatabaseProvider.PostgreSQL, connectionString).ConnectionString));
            AppDomain.CurrentDomain.ProcessExit += (_, _) => ExecuteAsync($"DROP DATABASE IF EXISTS {Template} WITH (FORCE)").GetAwaiter().GetResult();
            templateReady = true;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
