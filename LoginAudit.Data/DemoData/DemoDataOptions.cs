namespace LoginAudit.Data.DemoData;

/// <summary>What <see cref="DemoDataSeeder"/> writes.</summary>
public sealed record DemoDataOptions
{
    /// <summary>Exactly this many <c>login_logs</c> rows.</summary>
    public int Events { get; init; } = 10_000;

    public int Users { get; init; } = 50;

    /// <summary>The history spans the last this many days, up to now.</summary>
    public int Days { get; init; } = 30;

    /// <summary>Seed even though the database holds data that is not demo data (which is kept, never deleted).</summary>
    public bool Force { get; init; }

    /// <summary>The same seed, counts and "now" give the same history.</summary>
    public int RandomSeed { get; init; } = 20261121;

    /// <summary>Rows per transaction: large enough to amortise the commit, small enough to let readers in between.</summary>
    public int BatchSize { get; init; } = 50_000;

    internal void Validate()
    {
        if (Events < 0 || Users < 1 || Days < 1 || BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(DemoDataOptions), this, "Demo data needs Events >= 0, Users >= 1, Days >= 1 and BatchSize >= 1.");
        }
    }
}

/// <param name="RowsPerSecond">login_logs rows written per second of writing (generation excluded).</param>
public sealed record DemoSeedResult(int Users, int Events, int Sessions, int ActiveSessions, TimeSpan Elapsed, double RowsPerSecond);

public sealed record DemoSeedProgress(int EventsWritten, int EventsTotal);

/// <summary>The database holds data that is not demo data and <see cref="DemoDataOptions.Force"/> was not set.</summary>
public sealed class DemoDataRefusedException(string message) : InvalidOperationException(message);
