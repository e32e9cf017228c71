using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.DemoData;
using LoginAudit.Data.Detection;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.DemoData;

/// <summary>
/// seed-demo writes what the detector would have written (README, "Demo data"): a default demo (10,000 rows, 50 users,
/// 30 days) has every signal, every flagged row has its reasons and risk, and the Suspicious page's counts add up.
/// </summary>
public sealed class DemoDataTruthTests : IAsyncLifetime
{
    private TemporaryDatabase database = null!;
    private List<LoginLog> rows = null!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAsync();
        await new DemoDataSeeder(database, new FakeTimeProvider(Now)).SeedAsync(new DemoDataOptions());
        await using var db = database.CreateDbContext();
        rows = await db.LoginLogs.AsNoTracking().OrderBy(log => log.Id).ToListAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public void DefaultDemo_EverySuspiciousRow_HasReasonsAndARisk()
    {
        Assert.Contains(rows, row => row.Suspicious);
        Assert.All(rows.Where(row => row.Suspicious), row =>
        {
            Assert.False(string.IsNullOrEmpty(row.SuspiciousReasons), $"row {row.Id} is suspicious without reasons");
            Assert.NotEqual(RiskLevel.None, row.RiskLevel);
            Assert.Equal(RiskTable.Of(SuspicionReasonList.Parse(row.SuspiciousReasons)), row.RiskLevel);
        });
        Assert.All(rows.Where(row => !row.Suspicious), row => Assert.Equal((null, RiskLevel.None), (row.SuspiciousReasons, row.RiskLevel)));
    }

    [Fact]
    public void DefaultDemo_EverySignal_AppearsAtLeastOnce()
    {
        var missing = Enum.GetValues<SuspicionReasons>()
            .Where(signal => signal != SuspicionReasons.None)
            .Where(signal => !rows.Any(row => SuspicionReasonList.Parse(row.SuspiciousReasons).HasFlag(signal)))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public async Task DefaultDemo_SuspiciousPageCounts_AddUpToTheRows()
    {
        var activity = await new SuspiciousActivityService(database).GetAsync(new DashboardRange(Now.AddDays(-31), Now.AddDays(1)));

        Assert.Equal(rows.Count(row => row.Suspicious), activity.Total);
        Assert.All(activity.ByReason, count => Assert.Equal(
            rows.Count(row => SuspicionReasonList.Parse(row.SuspiciousReasons).HasFlag(count.Reason)), count.Count));
        Assert.All(activity.ByReason, count => Assert.True(count.Count > 0, $"{count.Reason} has no rows"));
    }

    [Fact]
    public async Task DemoRows_WrittenThroughTheAuditStore_AreFlaggedTheSame()
    {
        var generator = new DemoHistoryGenerator(new DemoDataOptions { Events = 3_000, Users = 15, Days = 10 }, Now);
        generator.Generate();
        await generator.AssessAsync(new DetectionSettings());
        await using var replay = await TemporaryDatabase.CreateAsync();
        await replay.AddAsync(generator.Users.Select(user => (object)User(user.Id, user.Email)).ToArray());
        await using var connection = await replay.OpenConnectionAsync();
        await using var store = new AuditStore(connection);

        var differences = new List<string>();
        foreach (var e in generator.Events)
        {
            var row = generator.RowOf(e);
            await SignInSignals.AssessAsync(store, row, new DetectionSettings());
            await store.InsertAsync(row);
            if (SuspicionReasonList.Parse(row.SuspiciousReasons) != e.Reasons)
            {
                differences.Add($"{row.EventType} at {row.CreatedAt:O}: store {row.SuspiciousReasons}, demo {SuspicionReasonList.Format(e.Reasons)}");
            }
        }

        Assert.Empty(differences);
        Assert.Contains(generator.Events, e => e.Reasons != SuspicionReasons.None);
    }
}
