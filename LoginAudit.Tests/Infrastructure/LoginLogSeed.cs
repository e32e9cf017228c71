using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.UserAgents;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>Small crafted rows for the dashboard tests, written through EF and then indexed for search as every writer does.</summary>
public static class LoginLogSeed
{
    /// <summary>A Wednesday noon: far from week and day boundaries unless a test wants one.</summary>
    public static readonly DateTime Now = new(2026, 11, 18, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>An account id for a test (Identity's ids are GUIDs, and PostgreSQL stores them as <c>uuid</c>): the same number, the same id.</summary>
    public static string UserId(int number) => $"00000000-0000-4000-8000-{number:D12}";

    public static readonly string AliceId = UserId(1);
    public static readonly string BobId = UserId(2);
    public static readonly string CarolId = UserId(3);

    public static LoginLog Log(
        LoginEventType type,
        DateTime at,
        string? userId = null,
        string? userName = null,
        LoginFailureReason? reason = null,
        string? ip = "192.0.2.10",
        string? browser = "Chrome",
        string? os = "Windows",
        DeviceType device = DeviceType.Desktop,
        string? location = "Berlin, DE",
        bool suspicious = false,
        string? sessionId = null,
        string? deviceModel = null) =>
        new()
        {
            EventType = type,
            Succeeded = type == LoginEventType.SignInSucceeded,
            CreatedAt = at,
            UserId = userId,
            UserName = userName,
            FailureReason = reason ?? (type is LoginEventType.LockedOut ? LoginFailureReason.LockedOut : null),
            IpAddress = ip,
            Browser = browser,
            Os = os,
            DeviceType = device,
            DeviceModel = deviceModel,
            Location = location,
            Suspicious = suspicious,
            SessionId = sessionId,
            SignInMethod = type is LoginEventType.SignInSucceeded or LoginEventType.SignInFailed ? SignInMethod.Password : null,
        };

    public static ApplicationUser User(string id, string email) => new()
    {
        Id = id,
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
    };

    public static LoginSession Session(string sessionId, string userId, DateTime started, DateTime expires, DateTime? ended = null, LoginEventType? endedBy = null) => new()
    {
        SessionId = sessionId,
        UserId = userId,
        StartedAt = started,
        ExpiresAt = expires,
        EndedAt = ended,
        EndedBy = endedBy,
    };

    public static async Task AddAsync(this TemporaryDatabase database, params object[] entities)
    {
        await using var db = database.CreateDbContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
        if (!db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(LoginLogSearchIndex.IndexNewRowsSql);
        }
    }
}
