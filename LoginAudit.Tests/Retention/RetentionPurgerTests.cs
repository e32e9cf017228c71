using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Partitioning;
using LoginAudit.Data.Retention;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Retention;

public class RetentionPurgerTests : OperationsTest
{
    public RetentionPurgerTests()
    {
    }

    protected RetentionPurgerTests(DatabaseProvider provider)
        : base(provider)
    {
    }

    private static readonly DateTime Cutoff = DateTime.UtcNow.AddDays(-90);

    [DatabaseFact]
    public async Task Purge_DeletesOldRowsAndEndedSessions_KeepsEverythingInsideTheWindowUntouched()
    {
        await SeedAsync(oldRows: 7, newRows: 5);
        await Services.GetRequiredService<ChainSealer>().SealAsync();
        var before = await RowsAsync();

        var result = await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);

        Assert.Equal(7, result.Rows);
        Assert.Equal(1, result.Sessions);
        var after = await RowsAsync();
        var kept = after.Where(row => row.EventType != LoginEventType.AuditLogPurged).ToList();
        Assert.Equal(before.Where(row => row.CreatedAt >= Cutoff).Select(Describe), kept.Select(Describe));
        await using var db = Database.CreateDbContext();
        Assert.Equal(["open", "recent"], await db.LoginSessions.OrderBy(session => session.SessionId).Select(session => session.SessionId).ToListAsync());
    }

    [DatabaseFact]
    public async Task Purge_IsAuditedWithTheCutoffAndCounts()
    {
        await SeedAsync(oldRows: 3, newRows: 1);

        var result = await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);

        // login_logs go by whole months on PostgreSQL: before the start of the cutoff's month.
        var rowsCutoff = Provider == DatabaseProvider.PostgreSQL ? LoginLogPartitions.MonthOf(Cutoff) : Cutoff;
        var audit = Assert.Single(await RowsAsync(), row => row.EventType == LoginEventType.AuditLogPurged);
        Assert.True(audit.Succeeded);
        Assert.Equal(rowsCutoff, result.RowsCutoffUtc);
        Assert.Equal($"before={rowsCutoff:yyyy-MM-dd'T'HH:mm:ss'Z'};rows=3;sessions=1", audit.ErrorCode);
    }

    [DatabaseFact]
    public async Task Purge_SealedOldRows_DeletesTheirSealsAndKeepsEveryOtherSeal()
    {
        await SeedAsync(oldRows: 12, newRows: 4);
        await Services.GetRequiredService<ChainSealer>().SealAsync();
        var kept = (await RowsAsync()).Where(row => row.CreatedAt >= Cutoff).Select(row => row.Id).ToList();

        await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);

        await using var db = Database.CreateDbContext();
        Assert.Equal(4, kept.Count);
        Assert.Equal(kept, await db.LoginLogSeals.OrderBy(seal => seal.LoginLogId).Select(seal => seal.LoginLogId).ToListAsync());
    }

    [DatabaseFact]
    public async Task Purge_ThenVerify_TheRemainingChainStillHolds()
    {
        await SeedAsync(oldRows: 12, newRows: 4);
        await Services.GetRequiredService<ChainSealer>().SealAsync();

        await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);
        await Services.GetRequiredService<ChainSealer>().SealAsync();
        var result = await Services.GetRequiredService<ChainVerifier>().VerifyAsync();

        Assert.True(result.Intact, result.Description);
        Assert.Equal(5, result.RowsChecked);
    }

    [DatabaseFact]
    public async Task Purge_AfterPurge_DeletingTheFirstRemainingRowIsStillDetected()
    {
        await SeedAsync(oldRows: 4, newRows: 4);
        await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);

        await using (var db = Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM login_logs WHERE id = 5");
        }

        var result = await Services.GetRequiredService<ChainVerifier>().VerifyAsync();
        Assert.Equal(ChainBreakKind.DeletedRows, result.Break);
        Assert.Equal(6, result.FirstBadId);
    }

    [DatabaseFact]
    public async Task Purge_DryRun_CountsAndChangesNothing()
    {
        await SeedAsync(oldRows: 6, newRows: 2);
        var before = await RowsAsync();

        var result = await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff, dryRun: true);

        Assert.Equal((6, 1, true), (result.Rows, result.Sessions, result.DryRun));
        Assert.Equal(before.Select(Describe), (await RowsAsync()).Select(Describe));
    }

    [DatabaseFact]
    public async Task Purge_NothingOld_WritesNoAuditRow()
    {
        await Database.AddAsync(
            LoginLogSeed.Log(LoginEventType.SignInSucceeded, Cutoff.AddDays(1)),
            LoginLogSeed.Log(LoginEventType.SignedOut, Cutoff.AddDays(2)));

        var result = await Services.GetRequiredService<RetentionPurger>().PurgeAsync(Cutoff);

        Assert.Equal((0, 0), (result.Rows, result.Sessions));
        Assert.Equal(2, (await RowsAsync()).Count);
    }

    [DatabaseTheory]
    [InlineData(36_501)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Options_RetentionDaysOutOfRange_AreRejectedWithASentenceNamingTheKey(int days)
    {
        var failures = LoginAuditOptionsValidation.Validate(new LoginAuditOptions { Retention = { Days = days } }).ToList();

        var failure = Assert.Single(failures);
        Assert.StartsWith("LoginAudit:Retention:Days must be between 1 and 36500", failure);
    }

    private async Task SeedAsync(int oldRows, int newRows)
    {
        var rows = new List<object>();
        // Before the cutoff's month too, which is what PostgreSQL purges rows before.
        var oldStart = Cutoff.AddDays(-40);
        for (var i = 0; i < oldRows; i++)
        {
            rows.Add(LoginLogSeed.Log(LoginEventType.SignInSucceeded, oldStart.AddHours(i), userName: $"old{i}@example.com"));
        }

        for (var i = 0; i < newRows; i++)
        {
            rows.Add(LoginLogSeed.Log(LoginEventType.SignInFailed, Cutoff.AddDays(1).AddHours(i), userName: $"new{i}@example.com", reason: LoginFailureReason.InvalidPassword));
        }

        var user = LoginLogSeed.User("u1", "owner@example.com");
        rows.Add(user);
        rows.Add(LoginLogSeed.Session("ended-long-ago", user.Id, oldStart, oldStart.AddDays(14), oldStart.AddDays(1), LoginEventType.SignedOut));
        rows.Add(LoginLogSeed.Session("recent", user.Id, Cutoff.AddDays(-5), Cutoff.AddDays(9), Cutoff.AddDays(2), LoginEventType.SignedOut));
        rows.Add(LoginLogSeed.Session("open", user.Id, oldStart, DateTime.UtcNow.AddDays(1)));
        await Database.AddAsync(rows.ToArray());
    }

    private async Task<List<LoginLog>> RowsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.LoginLogs.AsNoTracking().OrderBy(row => row.Id).ToListWithSealsAsync(db);
    }

    private static string Describe(LoginLog row) =>
        $"{row.Id}|{row.UserName}|{row.EventType}|{row.CreatedAt:o}|{row.Seal?.ChainSeq}|{Convert.ToHexString(row.Seal?.ChainHash ?? [])}";
}

[OnPostgreSql]
public sealed class RetentionPurgerOnPostgreSqlTests() : RetentionPurgerTests(DatabaseProvider.PostgreSQL);
