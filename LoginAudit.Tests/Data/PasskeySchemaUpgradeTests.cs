using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Integrity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Data;

/// <summary>
/// A database made by the version before passkeys (migrated up to <see cref="PreviousMigration"/>, with users,
/// rows and a sealed hash chain) upgrades when the app starts on it, and keeps everything it had.
/// </summary>
public sealed class PasskeySchemaUpgradeTests
{
    private const string PreviousMigration = "20261121132502_SearchIndexedPerWriteGroup";
    private const string Email = "before-passkeys@example.com";

    [Fact]
    public async Task AppStart_OnTheSchemaBeforePasskeys_AppliesEveryLaterMigrationAndKeepsUsersRowsAndTheHashChain()
    {
        await using var database = await TemporaryDatabase.CreateAtMigrationAsync(PreviousMigration);
        var user = LoginLogSeed.User("user-before-passkeys", Email);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.PasswordHash = new PasswordHasher<ApplicationUser>().HashPassword(user, LoginAuditAppFactory.UserPassword);

        // Written in that schema's own columns: today's model has columns the old schema lacks.
        await using (var old = database.CreateDbContext())
        {
            await old.Database.ExecuteSqlAsync($"""
                INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash, SecurityStamp,
                    ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                VALUES ({user.Id}, {Email}, {Email.ToUpperInvariant()}, {Email}, {Email.ToUpperInvariant()}, 1, {user.PasswordHash}, {user.SecurityStamp},
                    {Guid.NewGuid().ToString()}, 0, 0, 1, 0)
                """);
            foreach (var (type, reason, at, sessionId) in new[]
            {
                ("SignInFailed", (string?)"InvalidPassword", LoginLogSeed.Now, (string?)null),
                ("SignInSucceeded", null, LoginLogSeed.Now.AddMinutes(1), "0123456789abcdef0123456789abcdef"),
            })
            {
                await old.Database.ExecuteSqlAsync($"""
                    INSERT INTO login_logs (user_id, user_name, event_type, succeeded, failure_reason, device_type, is_bot, suspicious, session_id, created_at)
                    VALUES ({user.Id}, {Email}, {type}, {reason is null}, {reason}, 'Desktop', 0, 0, {sessionId}, {at})
                    """);
            }
        }

        Assert.Equal(2, await SealsInLoginLogs.SealAsync(database));
        var before = await RowsAsync(database, SealsInLoginLogs.DescribeAsync);

        await using var app = new LoginAuditAppFactory(settings => settings["ConnectionStrings:LoginAudit"] = $"Data Source={database.FilePath}");
        var signIn = await app.CreateBrowser().SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        await using var db = database.CreateDbContext();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.UserPasskeys.ToListAsync());
        var after = await RowsAsync(database, SealsInLoginLogs.DescribeMovedAsync);
        Assert.Equal(before, after.Take(before.Count));
        Assert.Equal((LoginEventType.SignInSucceeded, user.Id), (after[^1].Type, after[^1].UserId));
        Assert.All(await db.LoginLogs.AsNoTracking().Take(before.Count).ToListAsync(), row => Assert.Equal(RiskLevel.None, row.RiskLevel));
        await new ChainSealer(database, TimeProvider.System).SealAsync();
        var verification = await new ChainVerifier(database).VerifyAsync();
        Assert.True(verification.Intact, $"The chain broke after the upgrade: {verification}");
    }

    /// <summary>Each row's type and user, with its seal as <paramref name="seals"/> reads it (the old columns, or the seal table).</summary>
    private static async Task<List<(LoginEventType Type, string? UserId, string Seal)>> RowsAsync(TemporaryDatabase database, Func<TemporaryDatabase, Task<List<string>>> seals)
    {
        await using var db = database.CreateDbContext();
        // Only the columns every schema has.
        var rows = await db.LoginLogs.AsNoTracking().OrderBy(log => log.Id).Select(log => new { log.EventType, log.UserId }).ToListAsync();
        return rows.Zip(await seals(database), (row, seal) => (row.EventType, row.UserId, seal)).ToList();
    }
}
