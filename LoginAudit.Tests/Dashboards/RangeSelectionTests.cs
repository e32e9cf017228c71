using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.History;
using LoginAudit.Web.Dashboard;

namespace LoginAudit.Tests.Dashboards;

public sealed class RangeSelectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, null, null, LoginHistoryRange.Last24Hours)]
    [InlineData("7D", null, null, LoginHistoryRange.Last7Days)]
    [InlineData("1h", "2026-11-01T00:00:00Z", null, LoginHistoryRange.LastHour)]
    [InlineData("nonsense", "also nonsense", null, LoginHistoryRange.Last24Hours)]
    [InlineData(null, "2026-11-01T00:00:00Z", null, LoginHistoryRange.Custom)]
    public void Parse_QueryValues_GivesThePresetOrACustomRange(string? range, string? from, string? to, LoginHistoryRange expected) =>
        Assert.Equal(expected, RangeSelection.Parse(range, from, to).Preset);

    [Fact]
    public void Parse_SwappedBounds_PutsThemInOrder()
    {
        var selection = RangeSelection.Parse(null, "2026-11-10T00:00:00Z", "2026-11-01T00:00:00Z");

        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), selection.From);
        Assert.Equal(new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc), selection.To);
    }

    [Fact]
    public void Resolve_Preset_EndsNowWithTheViewersOffset()
    {
        var range = new RangeSelection(LoginHistoryRange.Last7Days).Resolve(Now, TimeSpan.FromHours(1));

        Assert.Equal(Now.UtcDateTime.AddDays(-7), range.From);
        Assert.Equal(Now.UtcDateTime, range.To);
        Assert.Equal(TimeSpan.FromHours(1), range.UtcOffset);
    }

    [Fact]
    public void Resolve_CustomWithOnlyAStart_RunsToNow()
    {
        var from = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        var range = new RangeSelection(LoginHistoryRange.Custom, from).Resolve(Now, TimeSpan.Zero);

        Assert.Equal((from, Now.UtcDateTime), (range.From, range.To));
    }

    [Fact]
    public void ToQueryString_RoundTripsThroughParse()
    {
        var custom = new RangeSelection(LoginHistoryRange.Custom, new DateTime(2026, 11, 1, 6, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal("?range=30d", new RangeSelection(LoginHistoryRange.Last30Days).ToQueryString());
        Assert.Equal("?from=2026-11-01T06%3A30%3A00Z&to=2026-11-02T00%3A00%3A00Z", custom.ToQueryString());
        Assert.Equal(custom, RangeSelection.Parse(null, "2026-11-01T06:30:00Z", "2026-11-02T00:00:00Z"));
    }

    [Fact]
    public void DrillDown_UnknownUserName_SearchesForIt_KnownUser_FiltersByAccount()
    {
        var selection = new RangeSelection(LoginHistoryRange.Last7Days);
        var links = new DrillDown(selection, selection.Resolve(Now, TimeSpan.Zero));

        Assert.Equal("/admin/logins?r=7d&out=fail&q=root", links.FailuresOfUserName(new FailingUserNameCount("root", null, true, 4)));
        Assert.Equal("/admin/logins?r=7d&out=fail&uid=u-1", links.FailuresOfUserName(new FailingUserNameCount("ada", "u-1", false, 2)));
    }

    [Fact]
    public void DrillDown_CustomRange_CarriesItsResolvedBounds()
    {
        var selection = new RangeSelection(LoginHistoryRange.Custom, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
        var range = selection.Resolve(Now, TimeSpan.Zero);

        var filter = LoginHistoryFilter.Parse(new Uri(new Uri("http://localhost"), new DrillDown(selection, range).Failures()).Query);

        Assert.Equal((LoginHistoryRange.Custom, range.From, range.To, LoginOutcome.Failed), (filter.Range, filter.From, filter.To, filter.Outcome));
    }
}
