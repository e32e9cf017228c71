using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.UserActivity;
using LoginAudit.Tests.Infrastructure;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.UserActivity;

public sealed class UserActivityServiceTests : IAsyncLifetime
{
    private TemporaryDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(
            User("u-alice", "alice@example.com"),
            User("u-bob", "bob@example.com"),
            User("u-carol", "carol@example.org"));
        await database.AddAsync(
            // Alice: four sessions, each ending differently, and one still open.
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-10), "u-alice", "alice@example.com", sessionId: "out", ip: "192.0.2.1"),
            Log(LoginEventType.SignedOut, Now.AddHours(-9), "u-alice", "alice@example.com", sessionId: "out"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-8), "u-alice", "alice@example.com", sessionId: "expired"),
            Log(LoginEventType.SessionExpired, Now.AddHours(-2), "u-alice", "alice@example.com", sessionId: "expired"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-7), "u-alice", "alice@example.com", sessionId: "revoked"),
            Log(LoginEventType.SessionRevoked, Now.AddHours(-6.5), "u-alice", "alice@example.com", sessionId: "revoked"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-1), "u-alice", "alice@example.com", sessionId: "active", location: "Vienna, AT"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-30), "u-alice", "alice@example.com", sessionId: "lapsed"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-11), "u-alice", "alice@example.com", LoginFailureReason.InvalidPassword),
            Log(LoginEventType.SignInFailed, Now.AddHours(-11), null, "alice@example.com", LoginFailureReason.UnknownUser),
            // Bob: failures only, and a session of his that must never show up for Alice.
            Log(LoginEventType.SignInFailed, Now.AddHours(-3), "u-bob", "bob@example.com", LoginFailureReason.InvalidPassword),
            Log(LoginEventType.LockedOut, Now.AddHours(-3), "u-bob", "bob@example.com"),
            Log(LoginEventType.SignInSucceeded, Now.AddDays(-5), "u-bob", "bob@example.com", sessionId: "bob-1"));
        await database.AddAsync(
            Session("out", "u-alice", Now.AddHours(-10), Now.AddHours(2), Now.AddHours(-9), LoginEventType.SignedOut),
            Session("expired", "u-alice", Now.AddHours(-8), Now.AddHours(-2), Now.AddHours(-2), LoginEventType.SessionExpired),
            Session("revoked", "u-alice", Now.AddHours(-7), Now.AddHours(5), Now.AddHours(-6.5), LoginEventType.SessionRevoked),
            Session("active", "u-alice", Now.AddHours(-1), Now.AddHours(11)),
            Session("lapsed", "u-alice", Now.AddHours(-30), Now.AddHours(-18)),
            Session("bob-1", "u-bob", Now.AddDays(-5), Now.AddDays(5)));
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    private UserActivityService Service => new(database, new FakeTimeProvider(Now));

    private static DashboardRange LastTwoDays => DashboardRange.Last(TimeSpan.FromDays(2), Now);

    [Fact]
    public async Task GetUsers_AggregatesLastSignInFailuresAndActiveSessions()
    {
        var page = await Service.GetUsersAsync(new UserListQuery(Now.AddDays(-1), Now));

        Assert.Equal(3, page.Total);
        Assert.Equal(
            [
                new UserSummary("u-alice", "alice@example.com", "alice@example.com", Now.AddHours(-1), 1, 1),
                new UserSummary("u-bob", "bob@example.com", "bob@example.com", Now.AddDays(-5), 2, 1),
                new UserSummary("u-carol", "carol@example.org", "carol@example.org", null, 0, 0),
            ],
            page.Rows);
        Assert.Equal(DateTimeKind.Utc, page.Rows[0].LastSignIn!.Value.Kind);
    }

    [Fact]
    public async Task GetUsers_SearchSortAndPage()
    {
        var search = await Service.GetUsersAsync(new UserListQuery(Now.AddDays(-1), Now, Search: "EXAMPLE.COM"));
        var byFailures = await Service.GetUsersAsync(new UserListQuery(Now.AddDays(-1), Now, Sort: UserListSort.Failures, Take: 1));
        var byLastSignIn = await Service.GetUsersAsync(new UserListQuery(Now.AddDays(-1), Now, Sort: UserListSort.LastSignIn, Skip: 1, Take: 5));

        Assert.Equal(["u-alice", "u-bob"], search.Rows.Select(user => user.Id));
        Assert.Equal(2, search.Total);
        Assert.Equal(["u-bob"], byFailures.Rows.Select(user => user.Id));
        Assert.Equal(3, byFailures.Total);
        Assert.Equal(["u-bob", "u-carol"], byLastSignIn.Rows.Select(user => user.Id));
    }

    [Fact]
    public async Task GetTimeline_PairsEachSignInWithHowItsSessionEnded()
    {
        var timeline = await Service.GetTimelineAsync("u-alice", LastTwoDays);

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

    [Fact]
    public async Task GetTimeline_FailedAttemptsAreTheUsersOwnByUserId()
    {
        var timeline = await Service.GetTimelineAsync("u-alice", LastTwoDays);

        var failure = Assert.Single(timeline.FailedAttempts);
        Assert.Equal("u-alice", failure.UserId);
        Assert.Equal(LoginFailureReason.InvalidPassword, failure.FailureReason);
    }

    [Fact]
    public async Task GetTimeline_SignInWithoutEndingOrSessionRow_IsUnknown()
    {
        await database.AddAsync(Log(LoginEventType.SignInSucceeded, Now.AddHours(-4), "u-carol", "carol@example.org", sessionId: "purged"));

        var timeline = await Service.GetTimelineAsync("u-carol", LastTwoDays);

        Assert.Equal(SessionEndKind.Unknown, Assert.Single(timeline.Sessions).EndKind);
    }

    [Fact]
    public async Task GetMySignIns_NeverReturnsAnotherUsersRows()
    {
        var mine = await Service.GetMySignInsAsync("u-bob");

        Assert.NotEmpty(mine.RecentEvents);
        Assert.All(mine.RecentEvents, log => Assert.Equal("u-bob", log.UserId));
        Assert.Equal(["bob-1"], mine.ActiveSessions.Select(session => session.SessionId));
    }

    [Fact]
    public async Task GetMySignIns_ListsSignInEventsNewestFirstAndActiveSessionsWithTheirOrigin()
    {
        var mine = await Service.GetMySignInsAsync("u-alice", take: 3);

        Assert.Equal(
            [(LoginEventType.SignInSucceeded, Now.AddHours(-1)), (LoginEventType.SignInSucceeded, Now.AddHours(-7)), (LoginEventType.SignInSucceeded, Now.AddHours(-8))],
            mine.RecentEvents.Select(log => (log.EventType, log.CreatedAt)));
        var active = Assert.Single(mine.ActiveSessions);
        Assert.Equal(("active", "Vienna, AT"), (active.SessionId, active.Location));
    }

    [Fact]
    public async Task GetMySignIns_UnknownUser_IsEmpty()
    {
        var mine = await Service.GetMySignInsAsync("u-nobody");

        Assert.Empty(mine.RecentEvents);
        Assert.Empty(mine.ActiveSessions);
    }
}
