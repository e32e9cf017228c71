using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Detection;
using LoginAudit.Data.History;
using LoginAudit.Data.Live;
using LoginAudit.Web.Components.Pages.Admin.History;

namespace LoginAudit.Tests.Components.Pages.Admin.History;

public sealed class LiveEventMatchTests
{
    private static readonly DateTime Now = new(2026, 11, 18, 12, 0, 0, DateTimeKind.Utc);
    private static readonly AuditWindow Window = new(Now, retentionDays: 365);

    [Fact]
    public void MightMatch_DefaultView_CountsEveryNewEvent()
    {
        Assert.True(LiveEventMatch.MightMatch(new LoginHistoryFilter(), Notice(LoginEventType.SignedOut), Window));
    }

    [Theory]
    [InlineData(LoginOutcome.Succeeded, LoginEventType.SignInSucceeded, true)]
    [InlineData(LoginOutcome.Succeeded, LoginEventType.SignInFailed, false)]
    [InlineData(LoginOutcome.Failed, LoginEventType.LockedOut, true)]
    [InlineData(LoginOutcome.Failed, LoginEventType.SignedOut, false)]
    public void MightMatch_OutcomeFilter_CountsOnlyThatOutcome(LoginOutcome outcome, LoginEventType type, bool counted)
    {
        Assert.Equal(counted, LiveEventMatch.MightMatch(new LoginHistoryFilter { Outcome = outcome }, Notice(type), Window));
    }

    [Fact]
    public void MightMatch_EventTypeSuspiciousOrUserFilters_LeaveOutOtherEvents()
    {
        Assert.False(LiveEventMatch.MightMatch(new LoginHistoryFilter { EventTypes = [LoginEventType.LockedOut] }, Notice(LoginEventType.SignedOut), Window));
        Assert.False(LiveEventMatch.MightMatch(new LoginHistoryFilter { Suspicious = true }, Notice(LoginEventType.SignInFailed), Window));
        Assert.False(LiveEventMatch.MightMatch(new LoginHistoryFilter { UserId = "u-ada" }, Notice(LoginEventType.SignInFailed, userId: "u-bob"), Window));
        Assert.True(LiveEventMatch.MightMatch(new LoginHistoryFilter { UserId = "u-ada" }, Notice(LoginEventType.SignInFailed, userId: "u-ada"), Window));
    }

    [Fact]
    public void MightMatch_SuspicionReasonFilter_CountsOnlySuspiciousEvents()
    {
        var filter = new LoginHistoryFilter { SuspicionReasons = [SuspicionReasons.NewCity] };

        Assert.False(LiveEventMatch.MightMatch(filter, Notice(LoginEventType.SignInSucceeded), Window));
        Assert.True(LiveEventMatch.MightMatch(filter, Notice(LoginEventType.SignInSucceeded) with { Suspicious = true }, Window));
    }

    [Fact]
    public void MightMatch_CustomRangeThatEndedBefore_CountsNothing()
    {
        var lastWeek = new LoginHistoryFilter { Range = LoginHistoryRange.Custom, From = Now.AddDays(-8), To = Now.AddDays(-7) };

        Assert.False(LiveEventMatch.MightMatch(lastWeek, Notice(LoginEventType.SignInSucceeded), Window));
    }

    [Fact]
    public void MightMatch_ConditionsTheNoticeDoesNotCarry_CountsTheEvent()
    {
        var byIp = new LoginHistoryFilter { IpAddress = "198.51.100.7", Search = "mallory" };

        Assert.True(LiveEventMatch.MightMatch(byIp, Notice(LoginEventType.SignInFailed), Window));
    }

    private static LoginEventNotice Notice(LoginEventType type, string? userId = null) =>
        new(1, type, type == LoginEventType.SignInSucceeded, Suspicious: false, userId, Now);
}
