using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.History;

/// <summary>
/// The search plans (<see cref="LoginHistoryService"/>: counted and paged in the search index's order on SQLite; on PostgreSQL
/// a walk of the time index or every match through the trigram index, by frequency, each forced here) against the
/// plain query: every match of <see cref="LoginHistoryQuery.Apply(LoginAuditDbContext, LoginHistoryFilter, Data.Dashboards.AuditWindow, LoginSearchPlan)"/>
/// sorted and counted up to the cap. A small cap and threshold make "frequent" and "capped" reachable with a few rows.
/// </summary>
public class LoginHistorySearchPlanTests : OperationsTest
{
    private const int CountCap = 25;
    private const int FrequentSearchThreshold = 10;
    private const int Rows = 120;

    public LoginHistorySearchPlanTests()
    {
    }

    protected LoginHistorySearchPlanTests(DatabaseProvider provider)
        : base(provider)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Database.AddAsync(User(AliceId, "alice@example.com"), User(BobId, "bob@example.com"));

        // Oldest first, so that ids follow time as they do when the audit writer writes: one row every 10 minutes,
        // "mallory" in every third (40, more than the cap), "root" in three (fewer than the threshold), Firefox in every third.
        await Database.AddAsync(Enumerable.Range(0, Rows).Reverse().Select(SeedRow).Prepend(
            Log(LoginEventType.SignInFailed, Now.AddDays(-40), null, "mallory@example.com", LoginFailureReason.UnknownUser)).ToArray<object>());
    }

    private static LoginLog SeedRow(int i) => Log(
        i % 2 == 0 ? LoginEventType.SignInFailed : LoginEventType.SignInSucceeded,
        Now.AddMinutes(-10 * i - 1),
        i % 4 < 2 ? AliceId : BobId,
        i % 3 == 0 ? "mallory@example.com" : i % 40 == 7 ? "root@example.com" : $"user{i % 5}@example.com",
        i % 2 == 0 ? LoginFailureReason.InvalidPassword : null,
        browser: i % 3 == 1 ? "Firefox" : "Chrome");

    /// <summary>PostgreSQL's two ways to a search (<see cref="LoginHistoryService"/>), forced by the walk's reach; SQLite ignores both.</summary>
    public enum PostgreSqlPlan
    {
        /// <summary>Any match among the newest rows predicts the cap within reach: counted by walking the time index.</summary>
        Walk,

        /// <summary>No walk is ever in reach: every match through the trigram index (or the prefix indexes).</summary>
        SearchIndex,
    }

    private LoginHistoryService Service(PostgreSqlPlan plan = PostgreSqlPlan.Walk) => new(
        Database,
        TestAuditWindows.At(Now),
        Options.Create(new LoginHistoryOptions
        {
            CountCap = CountCap,
            FrequentSearchThreshold = FrequentSearchThreshold,
            SearchWalkRows = plan == PostgreSqlPlan.Walk ? int.MaxValue : 0,
        }));

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
        var everyMatch = LoginHistoryQuery.Apply(db, filter, TestAuditWindows.At(Now).Current());
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

    /// <summary>
    /// The page and count against every row read back and filtered in C#: the search's meaning (each term of three or more
    /// characters inside one searched column, ASCII case folded; one or two characters a prefix of the user name, as typed
    /// or in lower case, or of the address), the range and the outcome, sorted by time then id.
    /// </summary>
    private async Task AssertSameAsLinqOverEveryRowAsync(LoginHistoryFilter filter, PostgreSqlPlan plan, bool descending, int skip, int take)
    {
        var page = await Service(plan).GetPageAsync(filter, new LoginHistorySort(LoginHistorySortColumn.CreatedAt, descending), skip, take);

        await using var db = Database.CreateDbContext();
        var (from, to) = filter.ResolveRange(TestAuditWindows.At(Now).Current());
        var matches = (await db.LoginLogs.AsNoTracking().ToListAsync())
            .Where(row => (from is not { } start || row.CreatedAt >= start) && (to is not { } end || row.CreatedAt < end))
            .Where(row => filter.Outcome != LoginOutcome.Failed || row.EventType is LoginEventType.SignInFailed or LoginEventType.LockedOut)
            .Where(row => string.IsNullOrEmpty(filter.UserId) || row.UserId == filter.UserId)
            .Where(row => MatchesSearch(row, filter.Search!))
            .ToList();
        var inTimeOrder = descending
            ? matches.OrderByDescending(row => row.CreatedAt).ThenByDescending(row => row.Id)
            : matches.OrderBy(row => row.CreatedAt).ThenBy(row => row.Id);

        Assert.Equal(inTimeOrder.Skip(skip).Take(take).Select(row => row.Id), page.Rows.Select(row => row.Id));
        Assert.Equal((Math.Min(matches.Count, CountCap), matches.Count > CountCap), (page.Total, page.TotalIsCapped));
    }

    private static bool MatchesSearch(LoginLog row, string search)
    {
        var terms = search.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var trigramTerms = terms.Where(term => term.Length >= LoginLogSearch.MinimumTermLength).ToList();
        if (trigramTerms.Count == 0)
        {
            var term = terms[0];
            return (row.UserName ?? "").StartsWith(term.ToLowerInvariant(), StringComparison.Ordinal)
                || (row.UserName ?? "").StartsWith(term, StringComparison.Ordinal)
                || (row.IpAddress ?? "").StartsWith(term.ToLowerInvariant(), StringComparison.Ordinal);
        }

        string?[] columns = [row.UserName, row.IpAddress, row.Browser, row.Os, row.DeviceType.ToString(), row.DeviceBrand, row.DeviceModel, row.Location];
        return trigramTerms.All(term => columns.Any(column => column?.Contains(term, StringComparison.OrdinalIgnoreCase) == true));
    }

    [DatabaseTheory]
    [InlineData("mallory", "30 days", PostgreSqlPlan.Walk)]
    [InlineData("mallory", "30 days", PostgreSqlPlan.SearchIndex)]
    [InlineData("mallory", "failed", PostgreSqlPlan.Walk)]
    [InlineData("mallory", "failed", PostgreSqlPlan.SearchIndex)]
    [InlineData("MALLORY", "custom range", PostgreSqlPlan.Walk)]
    [InlineData("MALLORY", "custom range", PostgreSqlPlan.SearchIndex)]
    [InlineData("root", "30 days", PostgreSqlPlan.Walk)]
    [InlineData("root", "30 days", PostgreSqlPlan.SearchIndex)]
    [InlineData("firefox user1", "one user", PostgreSqlPlan.Walk)]
    [InlineData("firefox user1", "one user", PostgreSqlPlan.SearchIndex)]
    [InlineData("nobody-matches", "30 days", PostgreSqlPlan.Walk)]
    [InlineData("nobody-matches", "30 days", PostgreSqlPlan.SearchIndex)]
    [InlineData("ma", "30 days", PostgreSqlPlan.Walk)]
    [InlineData("ma", "30 days", PostgreSqlPlan.SearchIndex)]
    [InlineData("19", "failed", PostgreSqlPlan.Walk)]
    [InlineData("19", "failed", PostgreSqlPlan.SearchIndex)]
    public async Task GetPage_SearchEitherPlan_SameRowsAndTotalAsLinqOverEveryRow(string search, string variant, PostgreSqlPlan plan)
    {
        await AssertSameAsLinqOverEveryRowAsync(Filter(search, variant), plan, descending: true, skip: 0, take: 10);
        await AssertSameAsLinqOverEveryRowAsync(Filter(search, variant), plan, descending: false, skip: 3, take: 10);
    }

    [DatabaseTheory]
    [InlineData(CountCap - 1, PostgreSqlPlan.Walk)]
    [InlineData(CountCap - 1, PostgreSqlPlan.SearchIndex)]
    [InlineData(CountCap, PostgreSqlPlan.Walk)]
    [InlineData(CountCap, PostgreSqlPlan.SearchIndex)]
    [InlineData(CountCap + 1, PostgreSqlPlan.Walk)]
    [InlineData(CountCap + 1, PostgreSqlPlan.SearchIndex)]
    public async Task GetPage_MatchesAroundTheCap_ExactUpToItCappedPastIt(int matches, PostgreSqlPlan plan)
    {
        await Database.AddAsync(Enumerable.Range(0, matches)
            .Select(i => Log(LoginEventType.SignInFailed, Now.AddMinutes(-7 * i - 3), null, $"quokka{i}@example.com"))
            .ToArray<object>());

        var page = await Service(plan).GetPageAsync(Filter("quokka", "30 days"), LoginHistorySort.NewestFirst, 0, 10);

        Assert.Equal((Math.Min(matches, CountCap), matches > CountCap), (page.Total, page.TotalIsCapped));
        await AssertSameAsLinqOverEveryRowAsync(Filter("quokka", "30 days"), plan, descending: true, skip: 0, take: 10);
    }

    [DatabaseTheory]
    [InlineData(PostgreSqlPlan.Walk)]
    [InlineData(PostgreSqlPlan.SearchIndex)]
    public async Task GetPage_ShortSearchMatchingNameAndAddress_CountsEachRowOnce(PostgreSqlPlan plan)
    {
        // The name and the address of the first row both start with "20"; the second has no name at all.
        await Database.AddAsync(
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-2), null, "2026-admin", ip: "203.0.113.5"),
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-4), null, null, ip: "203.0.113.6"),
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-6), null, "bob", ip: "203.0.113.7"));

        var page = await Service(plan).GetPageAsync(Filter("20", "30 days"), LoginHistorySort.NewestFirst, 0, 10);

        Assert.Equal((3, false), (page.Total, page.TotalIsCapped));
        await AssertSameAsLinqOverEveryRowAsync(Filter("20", "30 days"), plan, descending: true, skip: 0, take: 10);
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

[OnPostgreSql]
public sealed class LoginHistorySearchPlanOnPostgreSqlTests() : LoginHistorySearchPlanTests(DatabaseProvider.PostgreSQL);
