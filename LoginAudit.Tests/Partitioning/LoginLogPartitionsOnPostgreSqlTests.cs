using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Partitioning;
using LoginAudit.Data.Retention;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LoginAudit.Tests.Partitioning;

/// <summary>The monthly partitions of <c>login_logs</c>, which only PostgreSQL has: where rows land, what retention drops.</summary>
[OnPostgreSql]
public sealed class LoginLogPartitionsOnPostgreSqlTests() : OperationsTest(DatabaseProvider.PostgreSQL)
{
    private static readonly DateTime January = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Cutoff = new(2026, 4, 15, 0, 0, 0, DateTimeKind.Utc);

    private LoginLogPartitions Partitions => Services.GetRequiredService<LoginLogPartitions>();

    [DatabaseFact]
    public async Task Purge_MonthsWhollyBeforeTheCutoff_AreDetachedAndDropped()
    {
        await SeedMonthsAsync(rowsPerMonth: 3);

        var result = await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);

        Assert.Equal((9L, new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc)), (result.Rows, result.RowsCutoffUtc));
        Assert.Equal([January.AddMonths(3), January.AddMonths(4), January.AddMonths(5)], (await Partitions.ListAsync()).Where(month => month < new DateTime(2026, 7, 1)));
        Assert.Equal(0, await TablesAsync("login_logs_2026_01", "login_logs_2026_02", "login_logs_2026_03"));
    }

    [DatabaseFact]
    public async Task Purge_MonthThatStraddlesTheCutoff_IsKeptUntilItIsWhollyPast()
    {
        await SeedMonthsAsync(rowsPerMonth: 3);

        await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);

        var kept = (await HistoryAsync()).Select(row => row.CreatedAt).ToList();
        Assert.Equal(9, kept.Count);
        Assert.Equal(3, kept.Count(at => at < Cutoff));
        Assert.All(kept, at => Assert.True(at >= January.AddMonths(3)));
    }

    [DatabaseFact]
    public async Task Purge_AfterDroppingMonths_VerifyHoldsFromTheAnchorAtTheLastDroppedRow()
    {
        await SeedMonthsAsync(rowsPerMonth: 3);
        var lastDropped = (await HistoryAsync()).Last(row => row.CreatedAt < January.AddMonths(3));

        await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);
        await Services.GetRequiredService<ChainSealer>().SealAsync();

        var verification = await Services.GetRequiredService<ChainVerifier>().VerifyAsync();
        Assert.True(verification.Intact, verification.Description);
        Assert.Equal(10, verification.RowsChecked);
        await using var db = Database.CreateDbContext();
        var anchor = await db.Set<ChainMark>().SingleAsync(mark => mark.Name == ChainMark.Anchor);
        Assert.Equal((lastDropped.Id, lastDropped.Seal!.ChainSeq, Convert.ToHexString(lastDropped.Seal.ChainHash)), (anchor.RowId, anchor.Seq, Convert.ToHexString(anchor.Hash)));
    }

    [DatabaseFact]
    public async Task Purge_RowBackdatedIntoAnOldMonthLater_WaitsForTheRowsBeforeItAsOnSqliteAndTheChainHolds()
    {
        await SeedMonthsAsync(rowsPerMonth: 2);
        await Database.AddAsync(LoginLogSeed.Log(LoginEventType.SignInFailed, January.AddDays(20), userName: "late@example.com"));
        await Services.GetRequiredService<ChainSealer>().SealAsync();

        var result = await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);
        await Services.GetRequiredService<ChainSealer>().SealAsync();

        Assert.Equal(6, result.Rows);
        Assert.Equal("late@example.com", Assert.Single(await HistoryAsync(), row => row.CreatedAt < January.AddMonths(3)).UserName);
        Assert.Equal([January, January.AddMonths(3)], (await Partitions.ListAsync()).Where(month => month < January.AddMonths(4)));
        var verification = await Services.GetRequiredService<ChainVerifier>().VerifyAsync();
        Assert.True(verification.Intact, verification.Description);
    }

    [DatabaseFact]
    public async Task Purge_WhileAVerifyHoldsItsSnapshot_GivesUpOnTheLockAndDropsNothing()
    {
        await SeedMonthsAsync(rowsPerMonth: 1);
        await using var reading = await Database.OpenConnectionAsync();
        await using var snapshot = await SqlDialect.PostgreSql.BeginSnapshotAsync(reading);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff));

        Assert.Equal(PostgresErrorCodes.LockNotAvailable, refused.SqlState);
        await snapshot.RollbackAsync();
        Assert.Equal(6, (await HistoryAsync()).Count);
        Assert.Contains(January, await Partitions.ListAsync());
    }

    [DatabaseFact]
    public async Task Write_MonthWithoutPartition_IsKeptInTheDefaultPartition()
    {
        var skewed = new DateTime(2031, 5, 17, 8, 0, 0, DateTimeKind.Utc);

        await RecordAtAsync(skewed, "skewed@example.com");

        var row = Assert.Single(await HistoryAsync());
        Assert.Equal(("skewed@example.com", skewed), (row.UserName, row.CreatedAt));
        Assert.Equal(LoginLogPartitions.DefaultPartition, await PartitionOfAsync(row.Id));
    }

    [DatabaseFact]
    public async Task CreateMonth_RowsWaitingInTheDefaultPartition_MoveIntoItWithTheirIdsAndSeals()
    {
        var skewed = new DateTime(2031, 5, 17, 8, 0, 0, DateTimeKind.Utc);
        await RecordAtAsync(skewed, "skewed@example.com");
        await RecordAtAsync(skewed.AddMonths(1), "later@example.com");
        await Services.GetRequiredService<ChainSealer>().SealAsync();
        var before = (await HistoryAsync()).Select(Describe).ToList();

        var created = await Partitions.CreateAsync(skewed, skewed);

        Assert.Equal([LoginLogPartitions.MonthOf(skewed)], created);
        var after = await HistoryAsync();
        Assert.Equal(before, after.Select(Describe));
        Assert.Equal(["login_logs_2031_05", LoginLogPartitions.DefaultPartition], [await PartitionOfAsync(after[0].Id), await PartitionOfAsync(after[1].Id)]);
        var verification = await Services.GetRequiredService<ChainVerifier>().VerifyAsync();
        Assert.True(verification.Intact, verification.Description);
    }

    [DatabaseFact]
    public async Task Query_TimeRangeWithinOneMonth_ReadsOnlyThatMonthsPartition()
    {
        await Partitions.CreateAsync(January, January.AddMonths(5));

        await using var db = Database.CreateDbContext();
        var plan = string.Join("\n", await db.Database
            .SqlQueryRaw<string>(
                """EXPLAIN SELECT count(*), count(DISTINCT user_id) FROM login_logs WHERE event_type = 'SignInFailed' AND created_at >= {0} AND created_at < {1}""",
                new DateTime(2026, 2, 3, 0, 0, 0, DateTimeKind.Utc),
                new DateTime(2026, 2, 20, 0, 0, 0, DateTimeKind.Utc))
            .ToListAsync());

        Assert.Contains("login_logs_2026_02", plan);
        Assert.DoesNotContain("login_logs_2026_01", plan);
        Assert.DoesNotContain("login_logs_2026_03", plan);
        Assert.DoesNotContain(LoginLogPartitions.DefaultPartition, plan);
    }

    /// <summary>Partitions for January to June 2026, and <paramref name="rowsPerMonth"/> sealed rows on the 10th of each, in time order.</summary>
    private async Task SeedMonthsAsync(int rowsPerMonth)
    {
        await Partitions.CreateAsync(January, January.AddMonths(5));
        var rows = new List<object>();
        for (var month = 0; month < 6; month++)
        {
            for (var i = 0; i < rowsPerMonth; i++)
            {
                rows.Add(LoginLogSeed.Log(LoginEventType.SignInSucceeded, January.AddMonths(month).AddDays(9).AddHours(i), userName: $"m{month}r{i}@example.com"));
            }
        }

        await Database.AddAsync(rows.ToArray());
        await Services.GetRequiredService<ChainSealer>().SealAsync();
    }

    /// <summary>Writes a sign-in through the app's recorder on a clock that reads <paramref name="at"/>.</summary>
    private async Task RecordAtAsync(DateTime at, string userName)
    {
        await using var skewed = OperationsServices.Build(Database, new FakeTimeProvider(at));
        await skewed.GetRequiredService<LoginAuditRecorder>().RecordAsync(new AuditEvent(LoginEventType.SignInFailed) { UserName = userName, FailureReason = LoginFailureReason.UnknownUser });
    }

    /// <summary>The rows other than the purge's own audit row, in id order.</summary>
    private async Task<List<LoginLog>> HistoryAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.LoginLogs.AsNoTracking().Where(row => row.EventType != LoginEventType.AuditLogPurged).OrderBy(row => row.Id).ToListWithSealsAsync(db);
    }

    private async Task<string> PartitionOfAsync(long id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Database.SqlQueryRaw<string>("SELECT tableoid::regclass::text AS \"Value\" FROM login_logs WHERE id = {0}", id).SingleAsync();
    }

    private async Task<int> TablesAsync(params string[] names)
    {
        await using var db = Database.CreateDbContext();
        return await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_class WHERE relname = ANY ({0})", (object)names).SingleAsync();
    }

    private static string Describe(LoginLog row) =>
        $"{row.Id}|{row.UserName}|{row.CreatedAt:o}|{row.Seal?.ChainSeq}|{Convert.ToHexString(row.Seal?.ChainHash ?? [])}";
}
