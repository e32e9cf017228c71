using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using LoginAudit.Data.UserAgents;
using Microsoft.Extensions.Primitives;

namespace LoginAudit.Tests.History;

public sealed class LoginHistoryFilterTests
{
    [Fact]
    public void ToQueryString_DefaultFilter_IsEmpty()
    {
        Assert.Equal(string.Empty, new LoginHistoryFilter().ToQueryString());
    }

    [Fact]
    public void ToQueryString_EveryField_RoundTripsThroughParse()
    {
        var filter = new LoginHistoryFilter
        {
            Range = LoginHistoryRange.Custom,
            From = new DateTime(2026, 11, 1, 8, 30, 0, DateTimeKind.Utc),
            To = new DateTime(2026, 11, 2, 9, 15, 30, 500, DateTimeKind.Utc),
            EventTypes = [LoginEventType.SignInFailed, LoginEventType.LockedOut],
            Outcome = LoginOutcome.Failed,
            FailureReasons = [LoginFailureReason.UnknownUser, LoginFailureReason.InvalidPassword],
            DeviceTypes = [DeviceType.Mobile, DeviceType.Bot],
            Os = "Mac OS X",
            Browser = "Mobile Safari",
            Suspicious = true,
            Search = "alice \"& co\"",
            UserId = "0b8f1c52-2f0a-4a37-9f0e-1c3c5d4b2a10",
            IpAddress = "2001:db8::1",
            SessionId = "a1b2c3",
        };

        var query = filter.ToQueryString();
        var parsed = LoginHistoryFilter.Parse(query);

        Assert.Equal(query, parsed.ToQueryString());
        Assert.Equal(LoginHistoryRange.Custom, parsed.Range);
        Assert.Equal(filter.From, parsed.From);
        Assert.Equal(filter.To, parsed.To);
        Assert.Equal(DateTimeKind.Utc, parsed.From!.Value.Kind);
        Assert.Equal([LoginEventType.SignInFailed, LoginEventType.LockedOut], parsed.EventTypes);
        Assert.Equal(LoginOutcome.Failed, parsed.Outcome);
        Assert.Equal([LoginFailureReason.InvalidPassword, LoginFailureReason.UnknownUser], parsed.FailureReasons);
        Assert.Equal([DeviceType.Mobile, DeviceType.Bot], parsed.DeviceTypes);
        Assert.Equal("Mac OS X", parsed.Os);
        Assert.Equal("Mobile Safari", parsed.Browser);
        Assert.True(parsed.Suspicious);
        Assert.Equal("alice \"& co\"", parsed.Search);
        Assert.Equal(filter.UserId, parsed.UserId);
        Assert.Equal("2001:db8::1", parsed.IpAddress);
        Assert.Equal("a1b2c3", parsed.SessionId);
    }

    [Fact]
    public void ToQueryString_UsesCompactStableNames()
    {
        var query = new LoginHistoryFilter { Range = LoginHistoryRange.Last7Days, Outcome = LoginOutcome.Succeeded, Suspicious = false }.ToQueryString();

        Assert.Equal("?r=7d&out=ok&sus=0", query);
    }

    [Fact]
    public void Parse_HostileAndUnknownValues_AreIgnored()
    {
        var parsed = LoginHistoryFilter.Parse(
            "?r=forever&ev=7,SignInFailed,1%2C2,Nope,signinfailed&out=maybe&fr=-1&dev=Desktop;DROP TABLE&sus=yes" +
            "&from=not-a-date&uid=" + new string('x', 500) + "&ip=" + new string('9', 100) + "&zzz=1&q=%00%27%22");

        Assert.Equal(LoginHistoryRange.Last24Hours, parsed.Range);
        Assert.Equal([LoginEventType.SignInFailed], parsed.EventTypes);
        Assert.Equal(LoginOutcome.Any, parsed.Outcome);
        Assert.Empty(parsed.FailureReasons);
        Assert.Empty(parsed.DeviceTypes);
        Assert.Null(parsed.Suspicious);
        Assert.Null(parsed.From);
        Assert.Null(parsed.UserId);
        Assert.Null(parsed.IpAddress);
        Assert.Equal("\0'\"", parsed.Search);
    }

    [Fact]
    public void Parse_DatesWithoutRange_MeanCustom()
    {
        var parsed = LoginHistoryFilter.Parse("from=2026-11-01T00:00:00Z");

        Assert.Equal(LoginHistoryRange.Custom, parsed.Range);
        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), parsed.From);
        Assert.Null(parsed.To);
    }

    [Fact]
    public void Parse_PresetWithDates_IgnoresDates()
    {
        var parsed = LoginHistoryFilter.Parse("r=1h&from=2026-11-01T00:00:00Z");

        Assert.Equal(LoginHistoryRange.LastHour, parsed.Range);
        Assert.Null(parsed.From);
    }

    [Fact]
    public void Parse_QueryDictionary_TakesTheFirstScalarAndEveryListValue()
    {
        var parsed = LoginHistoryFilter.Parse(new Dictionary<string, StringValues>
        {
            ["Q"] = new(["first", "second"]),
            ["dev"] = new(["Mobile", "Tablet,Desktop"]),
        });

        Assert.Equal("first", parsed.Search);
        Assert.Equal([DeviceType.Desktop, DeviceType.Mobile, DeviceType.Tablet], parsed.DeviceTypes);
    }

    [Fact]
    public void ResolveRange_Presets_EndOpenAtNow()
    {
        var now = new DateTime(2026, 11, 18, 12, 0, 0, DateTimeKind.Utc);

        Assert.Equal((now.AddHours(-1), (DateTime?)null), new LoginHistoryFilter { Range = LoginHistoryRange.LastHour }.ResolveRange(new AuditWindow(now, 365)));
        Assert.Equal((now.AddDays(-30), (DateTime?)null), new LoginHistoryFilter { Range = LoginHistoryRange.Last30Days }.ResolveRange(new AuditWindow(now, 365)));
    }

    [Fact]
    public void ToQueryString_SuspicionReasons_RoundTripAsCompactNames()
    {
        var filter = new LoginHistoryFilter { SuspicionReasons = [SuspicionReasons.ImpossibleTravel, SuspicionReasons.NewDevice] };

        var query = filter.ToQueryString();
        var parsed = LoginHistoryFilter.Parse(query);

        Assert.Equal("?sr=NewDevice,ImpossibleTravel", query);
        Assert.Equal([SuspicionReasons.NewDevice, SuspicionReasons.ImpossibleTravel], parsed.SuspicionReasons);
        Assert.Equal(query, parsed.ToQueryString());
    }

    [Theory]
    [InlineData("?sr=newcity,Bogus,None,4,NewCity", new[] { SuspicionReasons.NewCity })]
    [InlineData("?sr=", new SuspicionReasons[0])]
    [InlineData("?sr=NewDevice,NewCity&sr=BotUserAgent", new[] { SuspicionReasons.NewDevice, SuspicionReasons.NewCity, SuspicionReasons.BotUserAgent })]
    public void Parse_SuspicionReasons_KeepsKnownNamesAndIgnoresTheRest(string query, SuspicionReasons[] expected)
    {
        Assert.Equal(expected, LoginHistoryFilter.Parse(query).SuspicionReasons);
    }
}
