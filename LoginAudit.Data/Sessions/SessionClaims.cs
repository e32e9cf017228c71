using System.Security.Cryptography;
using System.Security.Claims;

namespace LoginAudit.Data.Sessions;

/// <summary>Our own opaque session id, carried as a claim inside the (encrypted) sign-in cookie.</summary>
public static class SessionClaims
{
    public const string SessionIdClaimType = "loginaudit:sid";

    /// <summary>128 random bits as 32 hex characters: unguessable, and unrelated to any cookie or token.</summary>
    public static string NewSessionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static Claim ToClaim(string sessionId) => new(SessionIdClaimType, sessionId);

    public static string? FindSessionId(ClaimsPrincipal? principal) => principal?.FindFirst(SessionIdClaimType)?.Value;
}
