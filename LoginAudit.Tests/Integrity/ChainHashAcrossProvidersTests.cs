using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Integrity;

/// <summary>A row's chain hash is a fact about the row, not about the database it is kept in.</summary>
[OnPostgreSql]
public sealed class ChainHashAcrossProvidersTests
{
    [DatabaseFact]
    public async Task Seal_TheSameRowsOnSqliteAndOnPostgreSql_GivesTheSameHashes()
    {
        var onSqlite = await SealedHashesAsync(DatabaseProvider.Sqlite);
        var onPostgreSql = await SealedHashesAsync(DatabaseProvider.PostgreSQL);

        Assert.Equal(3, onSqlite.Count);
        Assert.Equal(onSqlite.Select(Convert.ToHexString), onPostgreSql.Select(Convert.ToHexString));
    }

    private static async Task<List<byte[]>> SealedHashesAsync(DatabaseProvider provider)
    {
        await using var database = await TemporaryDatabase.CreateAsync(provider);
        await database.AddAsync(LoginLogSeed.User(LoginLogSeed.AliceId, "alice@example.com"));
        await using (var connection = await database.OpenConnectionAsync())
        await using (var store = new AuditStore(connection))
        {
            foreach (var row in Rows())
            {
                await store.InsertAsync(row);
            }
        }

        Assert.Equal(3, await new ChainSealer(database, TimeProvider.System).SealAsync());
        await using var db = database.CreateDbContext();
        return await db.LoginLogSeals.OrderBy(seal => seal.LoginLogId).Select(seal => seal.ChainHash).ToListAsync();
    }

    /// <summary>Every kind of value the canonical form writes: text with non-ASCII, both address families, flags, doubles, NULLs, a time to the microsecond.</summary>
    private static IEnumerable<LoginLog> Rows()
    {
        var at = new DateTime(2026, 11, 18, 12, 34, 56, DateTimeKind.Utc).AddTicks(123_456_0);
        yield return new LoginLog
        {
            UserId = LoginLogSeed.AliceId, UserName = "alice@example.com", EventType = LoginEventType.SignInSucceeded, Succeeded = true,
            SignInMethod = SignInMethod.Password, IpAddress = "2001:db8::1", UserAgent = "Mozilla/5.0 (X11; Linux x86_64)", Browser = "Firefox",
            BrowserVersion = "133.0", Os = "Linux", DeviceType = DeviceType.Desktop, Location = "Zürich, Switzerland", CountryCode = "CH", City = "Zürich",
            Latitude = 47.3769, Longitude = 8.5417, Suspicious = true, SuspiciousReasons = "NewCountry", SessionId = "0123456789abcdef0123456789abcdef", CreatedAt = at,
        };
        yield return new LoginLog
        {
            UserName = "mallory", EventType = LoginEventType.SignInFailed, FailureReason = LoginFailureReason.UnknownUser, ErrorCode = "unknown",
            SignInMethod = SignInMethod.Password, IpAddress = "203.0.113.7", DeviceType = DeviceType.Other, IsBot = true, Latitude = -0.0001, CreatedAt = at.AddSeconds(1),
        };
        yield return new LoginLog { EventType = LoginEventType.SignedOut, Succeeded = true, CreatedAt = at.AddSeconds(2) };
    }
}
