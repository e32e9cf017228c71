using LoginAudit.Data.Coordination;
using Npgsql;

namespace LoginAudit.Tests.Coordination;

/// <summary>The advisory locks against the real server: two sessions, one holds, it dies, the other takes over.</summary>
public sealed class PostgresAdvisoryLocksTests
{
    private readonly PostgresAdvisoryLocks locks = new(TestPostgres.ConnectionString);

    // Each test its own lock, so that tests running at once (or a CI run beside a developer's) never meet.
    private readonly string name = $"test-{Guid.NewGuid():N}";

    [PostgresFact]
    public async Task TryAcquire_HeldByAnotherSession_IsRefused()
    {
        await using var held = await locks.TryAcquireAsync(name, CancellationToken.None);

        var second = await locks.TryAcquireAsync(name, CancellationToken.None);

        Assert.NotNull(held);
        Assert.Null(second);
    }

    [PostgresFact]
    public async Task TryAcquire_HolderSessionTerminated_SucceedsAndTheOldHolderKnowsItLostIt()
    {
        var held = await locks.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(held);

        // The holder's backend dies as it would with its process or its network: the server ends the session.
        await using (var admin = new NpgsqlConnection(TestPostgres.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1",
                admin);
            terminate.Parameters.AddWithValue(PostgresAdvisoryLocks.KeyOf(name));
            Assert.Equal(true, await terminate.ExecuteScalarAsync());
        }

        await using var taken = await locks.TryAcquireAsync(name, CancellationToken.None);

        Assert.NotNull(taken);
        Assert.False(await held.StillHeldAsync(CancellationToken.None));
        Assert.True(await taken.StillHeldAsync(CancellationToken.None));
        await held.DisposeAsync();
    }

    [PostgresFact]
    public async Task TryAcquire_AfterTheHolderReleased_Succeeds()
    {
        var first = await locks.TryAcquireAsync(name, CancellationToken.None);
        await first!.DisposeAsync();

        await using var second = await locks.TryAcquireAsync(name, CancellationToken.None);

        Assert.NotNull(second);
    }
}
