using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using LoginAudit.Web.Components.Pages.Admin.Shared;

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

    [Theory]
    [InlineData("0001-01-01", "9999-12-31", 0)]
    [InlineData("0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59+14:00", -14)]
    [InlineData("0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59+14:00", 14)]
    public void Resolve_TenThousandYears_IsClampedToTheRetentionWindowInDayBuckets(string from, string to, int offsetHours)
    {
        var window = new AuditWindow(Now.UtcDateTime, retentionDays: 365);

        var range = RangeSelection.Parse(null, from, to).Resolve(window, TimeSpan.FromHours(offsetHours));

        Assert.Equal((Now.UtcDateTime.AddDays(-366), Now.UtcDateTime.AddDays(1)), (range.From, range.To));
        Assert.Equal(TimeBucketSize.Day, range.BucketSize);
        Assert.InRange(range.Buckets().Count, 367, 369);
    }

    [Theory]
    [InlineData("2026-11-18T10:30", "Europe/Berlin", 9)]
    [InlineData("2026-07-18T10:30", "Europe/Berlin", 8)]
    [InlineData("2026-11-18T10:30", "America/New_York", 15)]
    [InlineData("2026-11-18T10:30Z", "Europe/Berlin", 10)]
    [InlineData("2026-11-18T10:30", "Not/AZone", 10)]
    [InlineData("2026-11-18T10:30", "", 10)]
    public void Parse_WallClockTimeWithAZone_IsThatZonesMomentInUtc(string from, string zone, int utcHour) =>
        Assert.Equal(new DateTime(2026, int.Parse(from[5..7], System.Globalization.CultureInfo.InvariantCulture), 18, utcHour, 30, 0, DateTimeKind.Utc),
            RangeSelection.Parse(null, from, null, zone).From);

    [Theory]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Etc/GMT+12")]
    public void Parse_TenThousandYearsInAZone_IsClampedNotAnError(string zone)
    {
        var window = new AuditWindow(Now.UtcDateTime, retentionDays: 365);

        var range = RangeSelection.Parse(null, "0001-01-01T00:00", "9999-12-31T23:59", zone).Resolve(window, TimeSpan.Zero);

        Assert.Equal((Now.UtcDateTime.AddDays(-366), Now.UtcDateTime.AddDays(1)), (range.From, range.To));
    }

    [Fact]
    public void Resolve_AnOldRangeOutsideTheWindow_IsEmptyAtItsStart()
    {
        var window = new AuditWindow(Now.UtcDateTime, retentionDays: 30);

        var range = RangeSelection.Parse(null, "1990-01-01", "1990-02-01").Resolve(window, TimeSpan.Zero);

        Assert.Equal((window.Oldest, window.Oldest), (range.From, range.To));
    }

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
        var range = new RangeSelection(LoginHistoryRange.Last7Days).Resolve(new AuditWindow(Now.UtcDateTime, 365), TimeSpan.FromHours(1));

        Assert.Equal(Now.UtcDateTime.AddDays(-7), range.From);
        Assert.Equal(Now.UtcDateTime, range.To);
        Assert.Equal(TimeSpan.FromHours(1), range.UtcOffset);
    }

    [Fact]
    public void Resolve_CustomWithOnlyAStart_RunsToNow()
    {
        var from = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        var range = new RangeSelection(LoginHistoryRange.Custom, from).Resolve(new AuditWindow(Now.UtcDateTime, 365), TimeSpan.Zero);

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
        var links = new DrillDown(selection, selection.Resolve(new AuditWindow(Now.UtcDateTime, 365), TimeSpan.Zero));

        Assert.Equal("/admin/logins?r=7d&out=fail&q=root", links.FailuresOfUserName(new FailingUserNameCount("root", null, true, 4)));
        Assert.Equal("/admin/logins?r=7d&out=fail&uid=u-1", links.FailuresOfUserName(new FailingUserNameCount("ada", "u-1", false, 2)));
    }

    [Fact]
    public void DrillDown_CustomRange_CarriesItsResolvedBounds()
    {
        var selection = new RangeSelection(LoginHistoryRange.Custom, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
        var range = selection.Resolve(new AuditWindow(Now.UtcDateTime, 365), TimeSpan.Zero);

        var filter = LoginHistoryFilter.Parse(new Uri(new Uri("http://localhost"), new DrillDown(selection, range).Failures()).Query);

        Assert.Equal((LoginHistoryRange.Custom, range.From, range.To, LoginOutcome.Failed), (filter.Range, filter.From, filter.To, filter.Outcome));
    }
}
