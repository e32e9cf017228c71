using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Overview;
using LoginAudit.Tests.Infrastructure;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LoginAudit.Tests.Overview;

public class OverviewServiceTests
{
    private readonly DatabaseProvider provider;

    public OverviewServiceTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected OverviewServiceTests(DatabaseProvider provider) => this.provider = provider;

    [DatabaseFact]
    public async Task Get_CountsTheRangeAndTheSessionsActiveNow()
    {
        await using var database = await TemporaryDatabase.CreateAsync(provider);
        await database.AddAsync(User(AliceId, "alice@example.com"), User(BobId, "bob@example.com"));
        await database.AddAsync(
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-5), AliceId, "alice@example.com", ip: "192.0.2.1", sessionId: "s1"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-4), AliceId, "alice@example.com", ip: "192.0.2.2", sessionId: "s2"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-3), BobId, "bob@example.com", ip: "192.0.2.1", sessionId: "s3"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), null, "root", LoginFailureReason.UnknownUser, ip: "203.0.113.9", suspicious: true),
            Log(LoginEventType.LockedOut, Now.AddHours(-1), BobId, "bob@example.com", ip: "203.0.113.9", suspicious: true),
            Log(LoginEventType.SignedOut, Now.AddMinutes(-30), AliceId, "alice@example.com", ip: "192.0.2.99", sessionId: "s1", suspicious: true),
            Log(LoginEventType.SignInFailed, Now.AddDays(-3), BobId, "bob@example.com", LoginFailureReason.InvalidPassword));
        await database.AddAsync(
            Session("s1", AliceId, Now.AddHours(-5), Now.AddHours(7), Now.AddMinutes(-30), LoginEventType.SignedOut),
            Session("s2", AliceId, Now.AddHours(-4), Now.AddHours(8)),
            Session("s3", BobId, Now.AddHours(-3), Now.AddMinutes(-1)));
        var service = new OverviewService(database, new FailureBreakdownService(database), new FakeTimeProvider(Now));

        var overview = await service.GetAsync(DashboardRange.Last(TimeSpan.FromDays(1), Now), top: 5, newest: 2);

        Assert.Equal(3, overview.SignIns);
        Assert.Equal(2, overview.Failures);
        Assert.Equal(0.4, overview.FailureRate, 6);
        Assert.Equal(2, overview.UniqueUsers);
        Assert.Equal(3, overview.UniqueIps);
        Assert.Equal(1, overview.ActiveSessions);
        Assert.Equal(3, overview.SuspiciousEvents);
        Assert.Equal(24, overview.Trend.Count);
        Assert.Equal(3, overview.Trend.Sum(bucket => bucket.Successes));
        Assert.Equal([LoginFailureReason.LockedOut, LoginFailureReason.UnknownUser], overview.TopFailureReasons.Select(reason => reason.Reason));
        Assert.Equal([new FailingIpCount("203.0.113.9", 2, 2)], overview.TopFailingIps);
        Assert.Contains(overview.TopFailingUserNames, name => name is { UserName: "root", IsUnknown: true });
        Assert.Equal([LoginEventType.SignedOut, LoginEventType.LockedOut], overview.NewestEvents.Select(log => log.EventType));
    }

    [DatabaseFact]
    public async Task Get_EmptyDatabase_IsAllZero()
    {
        await using var database = await TemporaryDatabase.CreateAsync(provider);
        var service = new OverviewService(database, new FailureBreakdownService(database), new FakeTimeProvider(Now));

        var overview = await service.GetAsync(DashboardRange.Last(TimeSpan.FromDays(7), Now));

        Assert.Equal((0, 0, 0.0, 0, 0, 0, 0), (overview.SignIns, overview.Failures, overview.FailureRate, overview.UniqueUsers, overview.UniqueIps, overview.ActiveSessions, overview.SuspiciousEvents));
        Assert.Empty(overview.NewestEvents);
        Assert.Equal(8, overview.Trend.Count);
    }
}

[OnPostgreSql]
public sealed class OverviewServiceOnPostgreSqlTests() : OverviewServiceTests(DatabaseProvider.PostgreSQL)
{
    private const int PoolSize = 6;

    /// <summary>
    /// Npgsql prepares a statement used often, and PostgreSQL then plans it once for any value: the generic plan of a count
    /// over a range cannot know the range's share of the rows. Every statement the overview prepared is planned for its values.
    /// </summary>
    [DatabaseFact]
    public async Task Get_LoadedOften_PlansEveryPreparedStatementForItsValues()
    {
        await using var database = await TemporaryDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        await database.AddAsync(User(AliceId, "alice@example.com"));
        await database.AddAsync(
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-5), AliceId, "alice@example.com", ip: "192.0.2.1", sessionId: "s1"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), null, "root", LoginFailureReason.UnknownUser, ip: "203.0.113.9"));
        var pooled = LoginAuditDatabase.For(
            DatabaseProvider.PostgreSQL,
            new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = PoolSize, ApplicationName = "overview-plans" }.ConnectionString);
        var contexts = pooled.CreatePooledFactory();
        var service = new OverviewService(contexts, new FailureBreakdownService(contexts), new FakeTimeProvider(Now));

        for (var load = 0; load < 40; load++)
        {
            await service.GetAsync(DashboardRange.Last(TimeSpan.FromDays(1 + load % 2), Now));
        }

        // Every connection of the pool at once (the overview's three parts open more than three when one part reads in two), each asked for what its own session prepared.
        var connections = new List<NpgsqlConnection>();
        var prepared = new List<(string Statement, long GenericPlans, long CustomPlans)>();
        try
        {
            for (var i = 0; i < PoolSize; i++)
            {
                var connection = new NpgsqlConnection(pooled.ConnectionString);
                await connection.OpenAsync();
                connections.Add(connection);
                await using var command = new NpgsqlCommand("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements", connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    prepared.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            // Its own pool, emptied: the database cannot be dropped while the pool keeps a connection to it.
            NpgsqlConnection.ClearPool(new NpgsqlConnection(pooled.ConnectionString));
        }

        Assert.Contains(prepared, statement => statement.Statement.Contains("AspNetUsers", StringComparison.Ordinal) && statement.CustomPlans > 0);
        // A statement without parameters has one plan whatever it is called.
        Assert.All(prepared.Where(statement => statement.Statement.Contains("$1", StringComparison.Ordinal)),
            statement => Assert.True(statement.GenericPlans == 0, $"planned once for any value: {statement.Statement}"));
    }
}
