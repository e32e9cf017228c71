using System.Net;
using LoginAudit.Data.Auditing;
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
    public async Task AppStart_OnTheSchemaBeforePasskeys_AddsPasskeysAndKeepsUsersRowsAndTheHashChain()
    {
        await using var database = await TemporaryDatabase.CreateAtMigrationAsync(PreviousMigration);
        var user = LoginLogSeed.User("user-before-passkeys", Email);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.EmailConfirmed = true;
        user.PasswordHash = new PasswordHasher<ApplicationUser>().HashPassword(user, LoginAuditAppFactory.UserPassword);
        await database.AddAsync(
            user,
            LoginLogSeed.Log(LoginEventType.SignInFailed, LoginLogSeed.Now, user.Id, Email, LoginFailureReason.InvalidPassword),
            LoginLogSeed.Log(LoginEventType.SignInSucceeded, LoginLogSeed.Now.AddMinutes(1), user.Id, Email, sessionId: "0123456789abcdef0123456789abcdef"));
        Assert.Equal(2, await new ChainSealer(database, TimeProvider.System).SealAsync());
        var before = await RowsAsync(database);

        await using var app = new LoginAuditAppFactory(settings => settings["ConnectionStrings:LoginAudit"] = $"Data Source={database.FilePath}");
        var signIn = await app.CreateBrowser().SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        await using var db = database.CreateDbContext();
        // Passkeys and whatever later migrations exist: the app leaves none pending.
        Assert.Contains("20261201094620_Passkeys", await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Empty(await db.UserPasskeys.ToListAsync());
        var after = await RowsAsync(database);
        Assert.Equal(before, after.Take(before.Count));
        Assert.Equal((LoginEventType.SignInSucceeded, user.Id), (after[^1].Type, after[^1].UserId));
        await new ChainSealer(database, TimeProvider.System).SealAsync();
        var verification = await new ChainVerifier(database).VerifyAsync();
        Assert.True(verification.Intact, $"The chain broke after the upgrade: {verification}");
    }

    private static async Task<List<(long Id, LoginEventType Type, string? UserId, string? Hash)>> RowsAsync(TemporaryDatabase database)
    {
        await using var db = database.CreateDbContext();
        return (await db.LoginLogs.AsNoTracking().OrderBy(log => log.Id).ToListAsync())
            .Select(log => (log.Id, log.EventType, log.UserId, log.ChainHash is null ? null : Convert.ToHexString(log.ChainHash)))
            .ToList();
    }
}
