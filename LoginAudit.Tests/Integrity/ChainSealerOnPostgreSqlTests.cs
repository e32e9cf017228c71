using LoginAudit.Data;
using LoginAudit.Data.Integrity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Integrity;

/// <summary>
/// PostgreSQL hands ids out at insert, so a smaller id may commit after a larger one: the sealer (and the push streams,
/// which send sealed rows only) must not move past a smaller id whose transaction is still open.
/// </summary>
[OnPostgreSql]
public sealed class ChainSealerOnPostgreSqlTests() : OperationsTest(DatabaseProvider.PostgreSQL)
{
    [DatabaseFact]
    public async Task Seal_SmallerIdStillUncommitted_SealsNothingPastItUntilItCommits()
    {
        var sealer = new ChainSealer(Database, TimeProvider.System);
        await using var slow = await Database.OpenConnectionAsync();
        await using var slowWrite = await SqlDialect.PostgreSql.BeginAuditWriteAsync(slow);
        var smaller = await OpenAuditWrites.InsertFailureAsync(slow, slowWrite, "slow@example.com");
        long larger;
        await using (var fast = await Database.OpenConnectionAsync())
        await using (var fastWrite = await SqlDialect.PostgreSql.BeginAuditWriteAsync(fast))
        {
            larger = await OpenAuditWrites.InsertFailureAsync(fast, fastWrite, "fast@example.com");
            await fastWrite.CommitAsync();
        }

        var sealing = sealer.SealAsync();

        // The sealer waits for the open write (the audit writes' advisory lock); meanwhile the committed larger id stays unsealed.
        await Eventually.HoldsAsync(() => OpenAuditWrites.SomeoneWaitsForThemAsync(Database.ConnectionString), TimeSpan.FromSeconds(15), () => "the sealer does not wait for the open write");
        Assert.False(sealing.IsCompleted);
        Assert.Equal([larger], await UnsealedIdsAsync());
        await slowWrite.CommitAsync();
        Assert.Equal(2, await sealing.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Empty(await UnsealedIdsAsync());
        await using var db = Database.CreateDbContext();
        Assert.Equal([smaller, larger], await db.LoginLogSeals.OrderBy(seal => seal.ChainSeq).Select(seal => seal.LoginLogId).ToListAsync());
        var verification = await new ChainVerifier(Database).VerifyAsync();
        Assert.Equal(ChainBreakKind.None, verification.Break);
    }

    private async Task<List<long>> UnsealedIdsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.LoginLogs.Where(log => !db.LoginLogSeals.Any(seal => seal.LoginLogId == log.Id)).OrderBy(log => log.Id).Select(log => log.Id).ToListAsync();
    }
}
