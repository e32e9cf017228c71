using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.UserActivity;
using LoginAudit.Tests.Infrastructure;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.UserActivity;

public class UserActivityServiceTests : OperationsTest
{
    public UserActivityServiceTests()
    {
    }

    protected UserActivityServiceTests(DatabaseProvider provider)
        : base(provider)
    {
    }


    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Database.AddAsync(
            User(AliceId, "alice@example.com"),
            User(BobId, "bob@example.com"),
            User(CarolId, "carol@example.org"));
        await Database.AddAsync(
            // Alice: four sessions, each ending differently, and one still open.
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-10), AliceId, "alice@example.com", sessionId: "out", ip: "192.0.2.1"),
            Log(LoginEventType.SignedOut, Now.AddHours(-9), AliceId, "alice@example.com", sessionId: "out"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-8), AliceId, "alice@example.com", sessionId: "expired"),
            Log(LoginEventType.SessionExpired, Now.AddHours(-2), AliceId, "alice@example.com", sessionId: "expired"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-7), AliceId, "alice@example.com", sessionId: "revoked"),
            Log(LoginEventType.SessionRevoked, Now.AddHours(-6.5), AliceId, "alice@example.com", sessionId: "revoked"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-1), AliceId, "alice@example.com", sessionId: "active", location: "Vienna, AT"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-30), AliceId, "alice@example.com", sessionId: "lapsed"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-11), AliceId, "alice@example.com", LoginFailureReason.InvalidPassword),
            Log(LoginEventType.SignInFailed, Now.AddHours(-11), null, "alice@example.com", LoginFailureReason.UnknownUser),
            // Bob: failures only, and a session of his that must never show up for Alice.
            Log(LoginEventType.SignInFailed, Now.AddHours(-3), BobId, "bob@example.com", LoginFailureReason.InvalidPassword),
            Log(LoginEventType.LockedOut, Now.AddHours(-3), BobId, "bob@example.com"),
            Log(LoginEventType.SignInSucceeded, Now.AddDays(-5), BobId, "bob@example.com", sessionId: "bob-1"));
        await Database.AddAsync(
            Session("out", AliceId, Now.AddHours(-10), Now.AddHours(2), Now.AddHours(-9), LoginEventType.SignedOut),
            Session("expired", AliceId, Now.AddHours(-8), Now.AddHours(-2), Now.AddHours(-2), LoginEventType.SessionExpired),
            Session("revoked", AliceId, Now.AddHours(-7), Now.AddHours(5), Now.AddHours(-6.5), LoginEventType.SessionRevoked),
            Session("active", AliceId, Now.AddHours(-1), Now.AddHours(11)),
            Session("lapsed", AliceId, Now.AddHours(-30), Now.AddHours(-18)),
            Session("bob-1", BobId, Now.AddDays(-5), Now.AddDays(5)));
    }

    private UserActivityService Service => new(Database, new FakeTimeProvider(Now));

    private static DashboardRange LastTwoDays => DashboardRange.Last(TimeSpan.FromDays(2), Now);

    [DatabaseFact]
    public async Task GetUsers_AggregatesLastSignInFailuresAndActiveSessions()
    {
        var page = await Service.GetUsersAsync(new UserListQuery(Now.AddDays(-1), Now));

        Assert.Equal(3, page.Total);
        Assert.Equal(
            [
                new UserSummary(AliceId, "alice@example.com", "alice@example.com", Now.AddHours(-1), 1, 1),
                new UserSummary(BobId, "bob@example.com", "bob@example.com", Now.AddDays(-5), 2, 1),
                new UserSummary(CarolId, "carol@example.org", "carol@example.org", null, 0, 0),
            ],
            page.Rows);
        Assert.Equal(DateTimeKind.Utc, page.Rows[0].LastSignIn!.Value.Kind);
    }

    [DatabaseFact]
    public async Task GetUsers_SearchSortAndPage()
    {
        var search = await Service.GetUsersAsync(new UserListQuery(Now.AddDays(-1), Now, Search: "EXAMPLE.COM"));
        var byFailures = await Service.GetUsersAsync(new UserListQuery(Now.AddDays(-1), Now, Sort: UserListSort.Failures, Take: 1));
        var byLastSignIn = await Service.GetUsersAsync(new UserListQuery(Now.AddDays(-1), Now, Sort: UserListSort.LastSignIn, Skip: 1, Take: 5));

        Assert.Equal([AliceId, BobId], search.Rows.Select(user => user.Id));
        Assert.Equal(2, search.Total);
        Assert.Equal([BobId], byFailures.Rows.Select(user => user.Id));
        Assert.Equal(3, byFailures.Total);
        Assert.Equal([BobId, CarolId], byLastSignIn.Rows.Select(user => user.Id));
    }

    [DatabaseFact]
    public async Task GetTimeline_PairsEachSignInWithHowItsSessionEnded()
    {
        var timeline = await Service.GetTimelineAsync(AliceId, LastTwoDays);

        Assert.Equal(
            [
                ("active", SessionEndKind.Active, (DateTime?)null),
                ("revoked", SessionEndKind.Revoked, Now.AddHours(-6.5)),
                ("expired", SessionEndKind.Expired, Now.AddHours(-2)),
                ("out", SessionEndKind.SignedOut, Now.AddHours(-9)),
                ("lapsed", SessionEndKind.ExpiredUnrecorded, Now.AddHours(-18)),
            ],
            timeline.Sessions.Select(session => (session.SessionId!, session.EndKind, session.End)));
        Assert.Equal(TimeSpan.FromHours(1), timeline.Sessions.Single(session => session.SessionId == "out").Duration);
        Assert.Equal("Vienna, AT", timeline.Sessions[0].Location);
        Assert.Null(timeline.Sessions[0].Duration);
    }

    [DatabaseFact]
    public async Task GetTimeline_FailedAttemptsAreTheUsersOwnByUserId()
    {
        var timeline = await Service.GetTimelineAsync(AliceId, LastTwoDays);

        var failure = Assert.Single(timeline.FailedAttempts);
        Assert.Equal(AliceId, failure.UserId);
        Assert.Equal(LoginFailureReason.InvalidPassword, failure.FailureReason);
    }

    [DatabaseFact]
    public async Task GetTimeline_SignInWithoutEndingOrSessionRow_IsUnknown()
    {
        await Database.AddAsync(Log(LoginEventType.SignInSucceeded, Now.AddHours(-4), CarolId, "carol@example.org", sessionId: "purged"));

        var timeline = await Service.GetTimelineAsync(CarolId, LastTwoDays);

        Assert.Equal(SessionEndKind.Unknown, Assert.Single(timeline.Sessions).EndKind);
    }

    [DatabaseFact]
    public async Task GetMySignIns_NeverReturnsAnotherUsersRows()
    {
        var mine = await Service.GetMySignInsAsync(BobId);

        Assert.NotEmpty(mine.RecentEvents);
        Assert.All(mine.RecentEvents, log => Assert.Equal(BobId, log.UserId));
        Assert.Equal(["bob-1"], mine.ActiveSessions.Select(session => session.SessionId));
    }

    [DatabaseFact]
    public async Task GetMySignIns_ListsSignInEventsNewestFirstAndActiveSessionsWithTheirOrigin()
    {
        var mine = await Service.GetMySignInsAsync(AliceId, take: 3);

        Assert.Equal(
            [(LoginEventType.SignInSucceeded, Now.AddHours(-1)), (LoginEventType.SignInSucceeded, Now.AddHours(-7)), (LoginEventType.SignInSucceeded, Now.AddHours(-8))],
            mine.RecentEvents.Select(log => (log.EventType, log.CreatedAt)));
        var active = Assert.Single(mine.ActiveSessions);
        Assert.Equal(("active", "Vienna, AT"), (active.SessionId, active.Location));
    }

    [DatabaseFact]
    public async Task GetMySignIns_UnknownUser_IsEmpty()
    {
        var mine = await Service.GetMySignInsAsync("u-nobody");

        Assert.Empty(mine.RecentEvents);
        Assert.Empty(mine.ActiveSessions);
    }
}

[OnPostgreSql]
public sealed class UserActivityServiceOnPostgreSqlTests() : UserActivityServiceTests(DatabaseProvider.PostgreSQL);
