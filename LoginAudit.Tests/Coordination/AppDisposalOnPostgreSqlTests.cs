using LoginAudit.Data;
using LoginAudit.Data.Coordination;
using LoginAudit.Tests.Infrastructure;
using Npgsql;

namespace LoginAudit.Tests.Coordination;

/// <summary>
/// An app's own sessions (not pooled: the singleton duties' advisory locks, the live feed's LISTEN) are closed when its
/// disposal returns, so that nothing of it holds the database (a test's DROP DATABASE) or a duty's lock afterwards.
/// </summary>
[OnPostgreSql]
public sealed class AppDisposalOnPostgreSqlTests : IAsyncLifetime
{
    private string connectionString = "";

    public async Task InitializeAsync() => connectionString = await PostgreSqlTestServer.CreateDatabaseAsync();

    public Task DisposeAsync() => PostgreSqlTestServer.DropDatabaseAsync(connectionString);

    [DatabaseFact]
    public async Task Dispose_AppHoldingItsDutiesAndListening_ClosesThoseSessionsBeforeReturning()
    {
        // The database is this test's, not the app's (which would drop it, waiting out late sessions): only the app is disposed.
        var app = new LoginAuditAppFactory(settings =>
        {
            settings["ConnectionStrings:LoginAudit"] = connectionString;
            settings[LoginAuditDatabase.ProviderKey] = nameof(DatabaseProvider.PostgreSQL);
        });
        _ = app.Services;
        await Eventually.HoldsAsync(
            async () => await OwnSessionsAsync() == (Locks: 6, Listeners: 1),
            TimeSpan.FromSeconds(30),
            () => $"the app holds {OwnSessionsAsync().GetAwaiter().GetResult()} (locks: seal, session expiry, retention, partitions, roll-ups, search index; one listener)");

        await app.DisposeAsync();

        // Closed by the app; the server's backend then exits within moments (a run once still listed the listener just
        // after), and DROP DATABASE waits 5 s for backends on their way out: the same grace here.
        await Eventually.HoldsAsync(
            async () => await OwnSessionsAsync() == (0, 0),
            TimeSpan.FromSeconds(5),
            () => $"the disposed app still holds {OwnSessionsAsync().GetAwaiter().GetResult()} (locks, listeners)");
    }

    private async Task<(long Locks, long Listeners)> OwnSessionsAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE application_name = 'LoginAudit lock'), count(*) FILTER (WHERE application_name = 'LoginAudit live feed')
            FROM pg_stat_activity WHERE datname = current_database()
            """,
            connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
