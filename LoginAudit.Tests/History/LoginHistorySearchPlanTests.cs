using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.History;

/// <summary>
/// The search plans (<see cref="LoginHistoryService"/>: counted and paged in the search index's order on SQLite, through the
/// search index and the rows above its mark on PostgreSQL) against the plain query: every match sorted and counted up to
/// the cap (on SQLite <see cref="LoginHistoryQuery.Apply(LoginAuditDbContext, LoginHistoryFilter, Data.Dashboards.AuditWindow, LoginSearchPlan)"/>,
/// on PostgreSQL each row's own text, <see cref="LoginHistoryQuery.WhereRowTextMatches"/>). A small cap and threshold make
/// "frequent" and "capped" reachable with a few rows.
/// </summary>
public class LoginHistorySearchPlanTests : OperationsTest
{
    private const int CountCap = 25;
    private const int FrequentSearchThreshold = 10;
    private const int Rows = 120;

    private readonly bool indexOlderHalf;
    private readonly int searchWalkRows = new LoginHistoryOptions().SearchWalkRows;

    public LoginHistorySearchPlanTests()
    {
    }

    /// <param name="provider">The database.</param>
    /// <param name="indexOlderHalf">PostgreSQL: whether the search index holds the older half of the rows (the rest lie above its mark).</param>
    /// <param name="searchWalkRows">PostgreSQL: <see cref="LoginHistoryOptions.SearchWalkRows"/> (1: every match through the index).</param>
    protected LoginHistorySearchPlanTests(DatabaseProvider provider, bool indexOlderHalf = false, int? searchWalkRows = null)
        : base(provider)
    {
        this.indexOlderHalf = indexOlderHalf;
        this.searchWalkRows = searchWalkRows ?? this.searchWalkRows;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Database.AddAsync(User(AliceId, "alice@example.com"), User(BobId, "bob@example.com"));

        // Oldest first, so that ids follow time as they do when the audit writer writes: one row every 10 minutes,
        // "mallory" in every third (40, more than the cap), "root" in three (fewer than the threshold), Firefox in every third.
        var rows = Enumerable.Range(0, Rows).Reverse().Select(SeedRow).Prepend(
            Log(LoginEventType.SignInFailed, Now.AddDays(-40), null, "mallory@example.com", LoginFailureReason.UnknownUser)).ToArray<object>();
        await Database.AddAsync(rows[..(rows.Length / 2)]);
        if (indexOlderHalf)
        {
            await using var connection = await Database.OpenConnectionAsync();
            Assert.Equal(rows.Length / 2, await PostgreSqlSearchIndex.IndexNewRowsAsync(connection));
        }

        await Database.AddAsync(rows[(rows.Length / 2)..]);
    }

    private static LoginLog SeedRow(int i) => Log(
        i % 2 == 0 ? LoginEventType.SignInFailed : LoginEventType.SignInSucceeded,
        Now.AddMinutes(-10 * i - 1),
        i % 4 < 2 ? AliceId : BobId,
        i % 3 == 0 ? "mallory@example.com" : i % 40 == 7 ? "root@example.com" : $"user{i % 5}@example.com",
        i % 2 == 0 ? LoginFailureReason.InvalidPassword : null,
        browser: i % 3 == 1 ? "Firefox" : "Chrome");

    private LoginHistoryService Service() => new(
        Database, TestAuditWindows.At(Now), Options.Create(new LoginHistoryOptions { CountCap = CountCap, FrequentSearchThreshold = FrequentSearchThreshold, SearchWalkRows = searchWalkRows }));

    private static LoginHistoryFilter Filter(string search, string variant) => variant switch
    {
        "30 days" => new() { Range = LoginHistoryRange.Last30Days, Search = search },
        "failed" => new() { Range = LoginHistoryRange.Last30Days, Search = search, Outcome = LoginOutcome.Failed },
        "one user" => new() { Range = LoginHistoryRange.Last30Days, Search = search, UserId = BobId },
        "custom range" => new() { Range = LoginHistoryRange.Custom, Search = search, From = Now.AddHours(-15), To = Now.AddHours(-5) },
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    private async Task AssertSameAsEveryMatchSortedAsync(LoginHistoryFilter filter, LoginHistorySort sort, int skip, int take)
    {
        var page = await Service().GetPageAsync(filter, sort, skip, take);

        await using var db = Database.CreateDbContext();
        var window = TestAuditWindows.At(Now).Current();
        var everyMatch = Provider == DatabaseProvider.PostgreSQL
            ? LoginHistoryQuery.WhereRowTextMatches(LoginHistoryQuery.ApplyAllButSearch(db.LoginLogs.AsNoTracking(), filter, window), filter.Search)
            : LoginHistoryQuery.Apply(db, filter, window);
        var expectedIds = await everyMatch.OrderBy(sort).Skip(skip).Take(take).Select(log => log.Id).ToListAsync();
        var expectedCount = await everyMatch.Take(CountCap + 1).CountAsync();

        Assert.Equal(expectedIds, page.Rows.Select(row => row.Id));
        Assert.Equal((Math.Min(expectedCount, CountCap), expectedCount > CountCap), (page.Total, page.TotalIsCapped));
    }

    [DatabaseTheory]
    [InlineData("mallory", "30 days")]
    [InlineData("mallory", "failed")]
    [InlineData("mallory", "one user")]
    [InlineData("mallory", "custom range")]
    [InlineData("Firefox", "failed")]
    [InlineData("EXAMPLE", "30 days")]
    [InlineData("root", "30 days")]
    [InlineData("root", "failed")]
    [InlineData("root", "custom range")]
    [InlineData("nobody-matches", "30 days")]
    [InlineData("nobody-matches", "one user")]
    [InlineData("ma", "30 days")]
    [InlineData("m", "failed")]
    [InlineData("mallory root", "30 days")]
    public async Task GetPage_SearchNewestFirst_SameRowsAndTotalAsEveryMatchSorted(string search, string variant)
    {
        await AssertSameAsEveryMatchSortedAsync(Filter(search, variant), LoginHistorySort.NewestFirst, 0, 10);
    }

    [DatabaseTheory]
    [InlineData("mallory", "30 days")]
    [InlineData("mallory", "custom range")]
    [InlineData("root", "30 days")]
    [InlineData("EXAMPLE", "one user")]
    public async Task GetPage_SearchOldestFirst_SameRowsAndTotalAsEveryMatchSorted(string search, string variant)
    {
        await AssertSameAsEveryMatchSortedAsync(Filter(search, variant), new LoginHistorySort(LoginHistorySortColumn.CreatedAt, Descending: false), 0, 10);
    }

    [DatabaseTheory]
    [InlineData("mallory", 10)]
    [InlineData("mallory", 35)]
    [InlineData("EXAMPLE", 110)]
    [InlineData("root", 2)]
    public async Task GetPage_SearchLaterPage_SameRowsAndTotalAsEveryMatchSorted(string search, int skip)
    {
        await AssertSameAsEveryMatchSortedAsync(Filter(search, "30 days"), LoginHistorySort.NewestFirst, skip, 10);
    }

    [DatabaseFact]
    public async Task GetPage_SearchSortedByUserName_SameRowsAndTotalAsEveryMatchSorted()
    {
        await AssertSameAsEveryMatchSortedAsync(Filter("example", "30 days"), new LoginHistorySort(LoginHistorySortColumn.UserName, Descending: false), 5, 10);
    }

    [DatabaseTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetPage_SearchOverRowsWrittenOutOfTimeOrder_SameRowsAndTotalAsEveryMatchSorted(bool descending)
    {
        // Rows written after the others but stamped earlier and later (a writer with a wrong clock): ids no longer follow time.
        await Database.AddAsync(
            Log(LoginEventType.SignInFailed, Now.AddHours(-19), null, "mallory@example.com"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-30), null, "mallory@example.com"),
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-5), null, "mallory@example.com"));

        await AssertSameAsEveryMatchSortedAsync(Filter("mallory", "30 days"), new LoginHistorySort(LoginHistorySortColumn.CreatedAt, descending), 0, 10);
    }

    [DatabaseFact]
    public async Task GetPage_FrequentSearch_CountsUpToTheCapAndSaysSo()
    {
        var page = await Service().GetPageAsync(Filter("mallory", "30 days"), LoginHistorySort.NewestFirst, 0, 10);

        Assert.Equal((CountCap, true), (page.Total, page.TotalIsCapped));
        Assert.All(page.Rows, row => Assert.Equal("mallory@example.com", row.UserName));
        Assert.Equal(page.Rows.OrderByDescending(row => row.CreatedAt).Select(row => row.Id), page.Rows.Select(row => row.Id));
    }
}

/// <summary>Nothing indexed yet: every row lies above the search index's mark and is matched by its own text.</summary>
[OnPostgreSql]
public sealed class LoginHistorySearchPlanOnPostgreSqlTests() : LoginHistorySearchPlanTests(DatabaseProvider.PostgreSQL);

/// <summary>The older half indexed, frequent terms walked in time order: each search reads both parts.</summary>
[OnPostgreSql]
public sealed class LoginHistorySearchPlanHalfIndexedOnPostgreSqlTests() : LoginHistorySearchPlanTests(DatabaseProvider.PostgreSQL, indexOlderHalf: true);

/// <summary>The older half indexed, every term read through the trigram or prefix index (never walked, unless capped).</summary>
[OnPostgreSql]
public sealed class LoginHistorySearchPlanHalfIndexedEveryMatchOnPostgreSqlTests()
    : LoginHistorySearchPlanTests(DatabaseProvider.PostgreSQL, indexOlderHalf: true, searchWalkRows: 1);
