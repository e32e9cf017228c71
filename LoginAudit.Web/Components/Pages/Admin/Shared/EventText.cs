using LoginAudit.Data.Auditing;
using LoginAudit.Data.UserActivity;
using LoginAudit.Web.Components.Pages.Admin.History;

namespace LoginAudit.Web.Components.Pages.Admin.Shared;

/// <summary>The stored enum values in words an administrator reads at a glance.</summary>
public static class EventText
{
    public static string Event(LoginEventType type) => LoginHistoryLabels.Event(type);

    public static string Reason(LoginFailureReason? reason) => reason switch
    {
        LoginFailureReason.InvalidPassword => "Wrong password",
        LoginFailureReason.UnknownUser => "Unknown user name",
        LoginFailureReason.LockedOut => "Account locked",
        LoginFailureReason.NotAllowed => "Not allowed to sign in yet",
        LoginFailureReason.InvalidTwoFactorCode => "Wrong second-factor code",
        LoginFailureReason.InvalidRecoveryCode => "Wrong recovery code",
        LoginFailureReason.ExternalLoginNotLinked => "External login not linked",
        LoginFailureReason.InvalidPasskey => "Passkey refused",
        LoginFailureReason.RateLimited => "Too many attempts",
        null => "No reason recorded",
        _ => reason.ToString()!,
    };

    public static string SessionEnd(SessionEndKind kind) => kind switch
    {
        SessionEndKind.SignedOut => "Signed out",
        SessionEndKind.Expired => "Expired",
        SessionEndKind.Revoked => "Revoked",
        SessionEndKind.Active => "Active now",
        SessionEndKind.ExpiredUnrecorded => "Expired (not yet recorded)",
        _ => "End unknown",
    };

    /// <summary>An empty column value (unparsed user agent, no address) said as such rather than left blank.</summary>
    public static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? "(unknown)" : value;
}
