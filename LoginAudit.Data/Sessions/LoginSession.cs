using LoginAudit.Data.Auditing;

namespace LoginAudit.Data.Sessions;

/// <summary>
/// A signed-in session as the server knows it: row of <c>login_sessions</c>.
/// </summary>
/// <remarks>
/// A browser drops an expired persistent cookie without telling anyone, so the end of a session
/// that never signs out can only be found on the server: a sweep looks for sessions past
/// <see cref="ExpiresAt"/> and writes their <see cref="LoginEventType.SessionExpired"/> row.
/// </remarks>
public sealed class LoginSession
{
    public required string SessionId { get; set; }

    public required string UserId { get; set; }

    /// <summary>Kept so that the row written when the session ends can name the user without a join.</summary>
    public string? UserName { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>When the cookie stops being accepted; moves forward when sliding expiration renews it.</summary>
    public DateTime ExpiresAt { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>The event that ended the session: signed out, expired or revoked.</summary>
    public LoginEventType? EndedBy { get; set; }
}
