using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Overview;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.UserActivity;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Commands;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Sessions;

/// <summary>
/// The reads of open sessions go through <c>ix_login_sessions_open</c>, which holds only those, on a table where most
/// sessions have ended, planned with the statistics of a million-row history (as <c>seed-demo</c> leaves them): beside an
/// index by account and end, SQLite skip-scanned that one for them, 9 ms at a million rows against 0.2 (docs/query-plans.md,
/// "Partial indexes").
/// </summary>
public sealed class OpenSessionReadsTests : IAsyncLifetime
{
    private const int OpenSessionsPerUser = 2;

    /// <summary><c>sqlite_stat1</c> of <c>login_sessions</c> in the bench's freshly seeded million-row file (2026-12-04).</summary>
    private const string MillionRowStatistics = """
        ('login_sessions', 'ix_login_sessions_user_id', '331778 6636'),
        ('login_sessions', 'ix_login_sessions_open', '5561 112 1 1'),
        ('login_sessions', 'sqlite_autoindex_login_sessions_1', '331778 1')
        """;

    private static readonly string[] UserIds = [AliceId, BobId, CarolId];

    private readonly RawSqlReplay recorder = new();
    private readonly FakeTimeProvider clock = new(Now);
    private TemporaryDatabase database = null!;
    private IDbContextFactory<LoginAuditDbContext> contexts = null!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAsync();
        contexts = database.Database.CreatePooledFactory(recorder);
        await database.AddAsync(UserIds.Select((id, i) => (object)User(id, $"user{i}@example.com")).ToArray());
        var sessions = new List<object>();
        foreach (var userId in UserIds)
        {
            for (var i = 0; i < 100; i++)
            {
                var started = Now.AddDays(-20).AddHours(i);
                sessions.Add(Session($"{userId}-ended-{i}", userId, started, started.AddHours(12), started.AddHours(2), LoginEventType.SignedOut));
            }

            for (var i = 0; i < OpenSessionsPerUser; i++)
            {
                sessions.Add(Session($"{userId}-open-{i}", userId, Now.AddHours(-i - 1), Now.AddHours(11 - i)));
            }
        }

        await database.AddAsync([.. sessions]);
        await using (var db = database.CreateDbContext())
        {
            // The planner's choice at a million rows without a million rows: SQLite plans by these figures alone.
            await db.Database.ExecuteSqlRawAsync($"""
                ANALYZE;
                DELETE FROM sqlite_stat1 WHERE tbl = 'login_sessions';
                INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES {MillionRowStatistics};
                """);
        }

        // Each connection reads the statistics when it opens.
        SqliteConnection.ClearAllPools();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task OverviewActiveCount_ReadsTheOpenSessionsIndex()
    {
        var overview = new OverviewService(contexts, new FailureBreakdownService(contexts), clock);

        var plan = await PlanOfSessionReadsAsync(async () =>
        {
            var figures = await overview.GetAsync(DashboardRange.Last(TimeSpan.FromDays(1), Now));
            Assert.Equal(UserIds.Length * OpenSessionsPerUser, figures.ActiveSessions);
        });

        Assert.Contains(plan, line => line.Contains("ix_login_sessions_open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UsersPageActiveCounts_ReadTheOpenSessionsIndex()
    {
        var activity = new UserActivityService(contexts, clock);

        var plan = await PlanOfSessionReadsAsync(async () =>
        {
            var page = await activity.GetUsersAsync(new UserListQuery(Now.AddDays(-30), Now));
            Assert.All(page.Rows, user => Assert.Equal(OpenSessionsPerUser, user.ActiveSessions));
        });

        Assert.Contains(plan, line => line.Contains("ix_login_sessions_open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MySignInsActiveSessions_ReadTheOpenSessionsIndex()
    {
        var activity = new UserActivityService(contexts, clock);

        var plan = await PlanOfSessionReadsAsync(async () =>
        {
            var mine = await activity.GetMySignInsAsync(AliceId);
            Assert.Equal(OpenSessionsPerUser, mine.ActiveSessions.Count);
        });

        Assert.Contains(plan, line => line.Contains("ix_login_sessions_open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpirySweep_ReadsTheOpenSessionsIndex()
    {
        await using var services = OperationsServices.Build(database, clock);
        var expiry = new SessionExpiry(contexts, services.GetRequiredService<LoginAuditRecorder>(), clock);

        var plan = await PlanOfSessionReadsAsync(async () => Assert.Equal(0, await expiry.EndExpiredSessionsAsync()));

        Assert.Contains(plan, line => line.Contains("ix_login_sessions_open", StringComparison.Ordinal));
    }

    /// <summary>Runs <paramref name="read"/> and returns the plans of the commands it sent that read <c>login_sessions</c>.</summary>
    private async Task<IReadOnlyList<string>> PlanOfSessionReadsAsync(Func<Task> read)
    {
        var commands = await recorder.RecordAsync(read);
        var sessionReads = commands.Where(command => command.Sql.Contains("login_sessions", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sessionReads);
        await using var connection = await contexts.OpenConnectionAsync();
        return await RawSqlReplay.ExplainAsync(connection, sessionReads, CancellationToken.None);
    }
}
