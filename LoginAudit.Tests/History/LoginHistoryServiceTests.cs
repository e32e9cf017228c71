using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.History;

public class LoginHistoryServiceTests : OperationsTest
{
    public LoginHistoryServiceTests()
    {
    }

    protected LoginHistoryServiceTests(DatabaseProvider provider)
        : base(provider)
    {
    }


    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Database.AddAsync(
            User(AliceId, "alice@example.com"),
            User(BobId, "bob@example.com"));
        await Database.AddAsync(
            Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-10), AliceId, "alice@example.com", sessionId: "s1", location: "Vienna, AT"),
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-20), AliceId, "alice@example.com", LoginFailureReason.InvalidPassword,
                browser: "Firefox", os: "Linux", device: DeviceType.Mobile, deviceModel: "Pixel 8"),
            Log(LoginEventType.LockedOut, Now.AddMinutes(-30), BobId, "bob@example.com", ip: "203.0.113.7", suspicious: true),
            Log(LoginEventType.SignInFailed, Now.AddHours(-3), null, "Admin\"* OR x", LoginFailureReason.UnknownUser, ip: "203.0.113.7", device: DeviceType.Bot),
            Log(LoginEventType.SignedOut, Now.AddMinutes(-5), AliceId, "alice@example.com", sessionId: "s1"),
            Log(LoginEventType.SignInSucceeded, Now.AddDays(-3), BobId, "bob@example.com", sessionId: "s2", ip: "198.51.100.20"),
            Log(LoginEventType.TwoFactorRequired, Now.AddDays(-40), BobId, "bob@example.com"));
    }

    private LoginHistoryService Service(int countCap = 10_000, int frequentSearchThreshold = 5_000) =>
        new(Database, TestAuditWindows.At(Now), Options.Create(new LoginHistoryOptions { CountCap = countCap, FrequentSearchThreshold = frequentSearchThreshold }));

    private async Task<IReadOnlyList<string?>> NamesAsync(LoginHistoryFilter filter, LoginHistorySort? sort = null)
    {
        var page = await Service().GetPageAsync(filter, sort ?? LoginHistorySort.NewestFirst, 0, 100);
        Assert.Equal(page.Rows.Count, page.Total);
        return page.Rows.Select(row => $"{row.EventType}:{row.UserName}").ToList<string?>();
    }

    private static LoginHistoryFilter All => new() { Range = LoginHistoryRange.Custom };

    [DatabaseTheory]
    [InlineData("203.0.113.7", 2)]
    [InlineData("203.0.113.0/24", 2)]
    [InlineData("198.51.100.16/28", 1)]
    [InlineData("192.0.2.0/25", 4)]
    [InlineData("0.0.0.0/0", 7)]
    [InlineData("2001:db8::/32", 0)]
    [InlineData("203.0.113.7/24", 2)]
    [InlineData("not an address", 0)]
    public async Task GetPage_IpFilter_TakesAnAddressOrANetworkAndNothingElse(string ip, int expected)
    {
        Assert.Equal(expected, (await NamesAsync(All with { IpAddress = ip })).Count);
    }

    [DatabaseFact]
    public async Task GetPage_RangePresets_SelectByTime()
    {
        Assert.Equal(4, (await NamesAsync(new() { Range = LoginHistoryRange.LastHour })).Count);
        Assert.Equal(5, (await NamesAsync(new() { Range = LoginHistoryRange.Last24Hours })).Count);
        Assert.Equal(6, (await NamesAsync(new() { Range = LoginHistoryRange.Last7Days })).Count);
        Assert.Equal(6, (await NamesAsync(new() { Range = LoginHistoryRange.Last30Days })).Count);
        Assert.Equal(7, (await NamesAsync(All)).Count);
    }

    [DatabaseFact]
    public async Task GetPage_CustomRange_IsInclusiveFromExclusiveTo()
    {
        var names = await NamesAsync(All with { From = Now.AddMinutes(-30), To = Now.AddMinutes(-10) });

        Assert.Equal(["SignInFailed:alice@example.com", "LockedOut:bob@example.com"], names);
    }

    [DatabaseFact]
    public async Task GetPage_EmptyRange_ReturnsNothing()
    {
        var page = await Service().GetPageAsync(All with { From = Now.AddYears(-5), To = Now.AddYears(-4) }, LoginHistorySort.NewestFirst, 0, 50);

        Assert.Empty(page.Rows);
        Assert.Equal(0, page.Total);
        Assert.False(page.TotalIsCapped);
    }

    [DatabaseFact]
    public async Task GetPage_EventTypesAndOutcome_Filter()
    {
        Assert.Equal(2, (await NamesAsync(All with { EventTypes = [LoginEventType.SignInSucceeded] })).Count);
        Assert.Equal(2, (await NamesAsync(All with { Outcome = LoginOutcome.Succeeded })).Count);
        Assert.Equal(
            ["SignInFailed:alice@example.com", "LockedOut:bob@example.com", "SignInFailed:Admin\"* OR x"],
            await NamesAsync(All with { Outcome = LoginOutcome.Failed }));
        Assert.Empty(await NamesAsync(All with { Outcome = LoginOutcome.Succeeded, EventTypes = [LoginEventType.SignedOut] }));
    }

    [DatabaseFact]
    public async Task GetPage_FailureReasonsDevicesOsBrowserSuspicious_Filter()
    {
        Assert.Equal(["SignInFailed:Admin\"* OR x"], await NamesAsync(All with { FailureReasons = [LoginFailureReason.UnknownUser] }));
        Assert.Equal(2, (await NamesAsync(All with { DeviceTypes = [DeviceType.Mobile, DeviceType.Bot] })).Count);
        Assert.Equal(["SignInFailed:alice@example.com"], await NamesAsync(All with { Os = "Linux" }));
        Assert.Equal(["SignInFailed:alice@example.com"], await NamesAsync(All with { Browser = "Firefox" }));
        Assert.Equal(["LockedOut:bob@example.com"], await NamesAsync(All with { Suspicious = true }));
        Assert.Equal(6, (await NamesAsync(All with { Suspicious = false })).Count);
    }

    [DatabaseFact]
    public async Task GetPage_UserIpAndSession_Filter()
    {
        Assert.Equal(3, (await NamesAsync(All with { UserId = AliceId })).Count);
        Assert.Equal(2, (await NamesAsync(All with { IpAddress = "203.0.113.7" })).Count);
        Assert.Equal(["SignedOut:alice@example.com", "SignInSucceeded:alice@example.com"], await NamesAsync(All with { SessionId = "s1" }));
    }

    [DatabaseTheory]
    [InlineData("ALICE", 3)]
    [InlineData("113.7", 2)]
    [InlineData("vienna", 1)]
    [InlineData("pixel", 1)]
    [InlineData("irefo", 1)]
    [InlineData("bot", 1)]
    [InlineData("alice linux", 1)]
    [InlineData("nobody-here", 0)]
    public async Task GetPage_Search_MatchesSubstringsOfTheSearchedColumns(string search, int expected)
    {
        Assert.Equal(expected, (await NamesAsync(All with { Search = search })).Count);
    }

    [DatabaseFact]
    public async Task GetPage_TermWhoseTrigramsLieInDifferentColumns_MatchesNothing()
    {
        // alice's Linux row holds "ali" in its user name and "lin", "inu", "nux" in its OS: every trigram of the term, in no one column.
        var page = await Service().GetPageAsync(All with { Search = "alinux" }, LoginHistorySort.NewestFirst, 0, 10);

        Assert.Equal((0, 0), (page.Rows.Count, page.Total));
    }

    [DatabaseTheory]
    [InlineData("\"* OR x")]
    [InlineData("Admin\"*")]
    [InlineData("NEAR(Admin")]
    [InlineData("\"")]
    [InlineData("OR")]
    [InlineData("*")]
    [InlineData("-:^()")]
    public async Task GetPage_SearchWithFtsSyntax_IsLiteralAndNeverThrows(string search)
    {
        var names = await NamesAsync(All with { Search = search });

        Assert.All(names, name => Assert.Contains("Admin", name, StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task GetPage_FrequentSearchTerm_SearchIndexOrderPlanFindsTheSameRows()
    {
        var filter = All with { Search = "example" };

        var everyMatch = await Service().GetPageAsync(filter, LoginHistorySort.NewestFirst, 1, 3);
        var inSearchIndexOrder = await Service(frequentSearchThreshold: 1).GetPageAsync(filter, LoginHistorySort.NewestFirst, 1, 3);

        Assert.Equal(everyMatch.Rows.Select(row => row.Id), inSearchIndexOrder.Rows.Select(row => row.Id));
        Assert.Equal((6, 6), (everyMatch.Total, inSearchIndexOrder.Total));
    }

    [DatabaseFact]
    public async Task GetPage_SearchWithQuoteInsideTerm_FindsTheLiteralText()
    {
        Assert.Equal(["SignInFailed:Admin\"* OR x"], await NamesAsync(All with { Search = "in\"*" }));
    }

    [DatabaseTheory]
    [InlineData("a", 3)]
    [InlineData("Al", 3)]
    [InlineData("20", 2)]
    [InlineData("x", 0)]
    public async Task GetPage_ShortSearch_IsAPrefixOfUserNameOrIp(string search, int expected)
    {
        // "a" and "Al": alice's rows, not "Admin…" (a prefix, case-sensitive: tried as typed and in lower case).
        // "20": the two rows from 203.0.113.7 (192.0.2.10 merely contains "2").
        var names = await NamesAsync(All with { Search = search });

        Assert.Equal(expected, names.Count);
    }

    [DatabaseFact]
    public async Task GetPage_SortByUserName_OrdersAndBreaksTiesById()
    {
        var page = await Service().GetPageAsync(All, new LoginHistorySort(LoginHistorySortColumn.UserName, Descending: false), 0, 100);

        Assert.Equal(
            ["Admin\"* OR x", "alice@example.com", "alice@example.com", "alice@example.com", "bob@example.com", "bob@example.com", "bob@example.com"],
            page.Rows.Select(row => row.UserName));
        var alice = page.Rows.Where(row => row.UserName == "alice@example.com").Select(row => row.Id).ToList();
        Assert.Equal(alice.Order(), alice);
    }

    [DatabaseFact]
    public async Task GetPage_SortDescending_ReversesTheOrder()
    {
        var ascending = await Service().GetPageAsync(All, new LoginHistorySort(LoginHistorySortColumn.CreatedAt, false), 0, 100);
        var descending = await Service().GetPageAsync(All, new LoginHistorySort(LoginHistorySortColumn.CreatedAt, true), 0, 100);

        Assert.Equal(ascending.Rows.Select(row => row.Id).Reverse(), descending.Rows.Select(row => row.Id));
        Assert.True(descending.Rows[0].CreatedAt > descending.Rows[^1].CreatedAt);
        Assert.Equal(DateTimeKind.Utc, descending.Rows[0].CreatedAt.Kind);
    }

    [DatabaseFact]
    public async Task GetPage_SkipAndTake_PageWithTheFullTotal()
    {
        var first = await Service().GetPageAsync(All, LoginHistorySort.NewestFirst, 0, 3);
        var third = await Service().GetPageAsync(All, LoginHistorySort.NewestFirst, 6, 3);

        Assert.Equal(3, first.Rows.Count);
        Assert.Single(third.Rows);
        Assert.Equal(7, first.Total);
        Assert.Equal(7, third.Total);
    }

    [DatabaseFact]
    public async Task GetPage_MoreRowsThanTheCap_ReportsACappedTotal()
    {
        var page = await Service(countCap: 4).GetPageAsync(All, LoginHistorySort.NewestFirst, 0, 2);

        Assert.Equal(4, page.Total);
        Assert.True(page.TotalIsCapped);
    }
}

[OnPostgreSql]
public sealed class LoginHistoryServiceOnPostgreSqlTests() : LoginHistoryServiceTests(DatabaseProvider.PostgreSQL);
