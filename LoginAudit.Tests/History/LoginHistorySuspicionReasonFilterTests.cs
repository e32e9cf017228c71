using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.History;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.History;

/// <summary>The <c>sr</c> filter against real SQLite: a whole-name match in the comma-separated column.</summary>
public sealed class LoginHistorySuspicionReasonFilterTests : IAsyncLifetime
{
    private TemporaryDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(
            Flagged("device", "NewDevice"),
            Flagged("travel", "NewCountry,ImpossibleTravel"),
            Flagged("city", "NewDevice,NewCity"),
            Flagged("spray", "PasswordSpraying"),
            // Names a later version might add: each contains a known name, and must not be taken for it.
            Flagged("prefix", "NewCityDistrict"),
            Flagged("suffix", "OldNewDevice"),
            Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-1), userName: "clean"));
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    private static LoginLog Flagged(string userName, string reasons)
    {
        var log = Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-5), userName: userName, suspicious: true);
        log.SuspiciousReasons = reasons;
        return log;
    }

    private async Task<IReadOnlyList<string?>> UserNamesAsync(params SuspicionReasons[] reasons)
    {
        var service = new LoginHistoryService(database, TestAuditWindows.At(Now), Options.Create(new LoginHistoryOptions()));
        var filter = new LoginHistoryFilter { Range = LoginHistoryRange.Custom, SuspicionReasons = reasons };
        var page = await service.GetPageAsync(filter, new LoginHistorySort(LoginHistorySortColumn.UserName, Descending: false), 0, 100);
        return page.Rows.Select(row => row.UserName).ToList();
    }

    [Theory]
    [InlineData(SuspicionReasons.NewDevice, new[] { "city", "device" })]
    [InlineData(SuspicionReasons.NewCountry, new[] { "travel" })]
    [InlineData(SuspicionReasons.NewCity, new[] { "city" })]
    [InlineData(SuspicionReasons.ImpossibleTravel, new[] { "travel" })]
    [InlineData(SuspicionReasons.PasswordSpraying, new[] { "spray" })]
    [InlineData(SuspicionReasons.BruteForce, new string[0])]
    [InlineData(SuspicionReasons.BotUserAgent, new string[0])]
    public async Task GetPage_OneReason_MatchesRowsListingThatWholeName(SuspicionReasons reason, string[] expected)
    {
        Assert.Equal(expected, await UserNamesAsync(reason));
    }

    [Fact]
    public async Task GetPage_TwoReasons_MatchesRowsWithEither()
    {
        Assert.Equal(["city", "device", "spray"], await UserNamesAsync(SuspicionReasons.NewDevice, SuspicionReasons.PasswordSpraying));
    }
}
