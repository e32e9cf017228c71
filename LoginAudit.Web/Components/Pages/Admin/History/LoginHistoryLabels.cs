using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>Words a person reads for the stored codes; the codes themselves stay visible in tooltips and the CSV.</summary>
public static class LoginHistoryLabels
{
    public static string Event(LoginEventType type) => type switch
    {
        LoginEventType.SignInSucceeded => "Signed in",
        LoginEventType.SignInFailed => "Sign-in failed",
        LoginEventType.TwoFactorRequired => "Second factor asked",
        LoginEventType.LockedOut => "Locked out",
        LoginEventType.SignedOut => "Signed out",
        LoginEventType.SessionExpired => "Session expired",
        LoginEventType.SessionRevoked => "Session revoked",
        _ => type.ToString(),
    };

    public static string Reason(LoginFailureReason reason) => reason switch
    {
        LoginFailureReason.InvalidPassword => "Wrong password",
        LoginFailureReason.UnknownUser => "Unknown user",
        LoginFailureReason.LockedOut => "Account locked",
        LoginFailureReason.NotAllowed => "Not allowed",
        LoginFailureReason.InvalidTwoFactorCode => "Wrong two-factor code",
        LoginFailureReason.InvalidRecoveryCode => "Wrong recovery code",
        LoginFailureReason.ExternalLoginNotLinked => "External login not linked",
        _ => reason.ToString(),
    };

    public static string Outcome(LoginOutcome outcome) => outcome switch
    {
        LoginOutcome.Succeeded => "Succeeded",
        LoginOutcome.Failed => "Failed",
        _ => "Any outcome",
    };

    public static string Range(LoginHistoryRange range) => range switch
    {
        LoginHistoryRange.LastHour => "Last hour",
        LoginHistoryRange.Last24Hours => "Last 24 hours",
        LoginHistoryRange.Last7Days => "Last 7 days",
        LoginHistoryRange.Last30Days => "Last 30 days",
        _ => "Custom range",
    };

    public static string Device(DeviceType device) => device.ToString();

    public static string SignInMethod(SignInMethod method) => method switch
    {
        Data.Auditing.SignInMethod.Authenticator => "Authenticator app",
        Data.Auditing.SignInMethod.RecoveryCode => "Recovery code",
        Data.Auditing.SignInMethod.TwoFactorToken => "Two-factor token",
        Data.Auditing.SignInMethod.External => "External provider",
        Data.Auditing.SignInMethod.Direct => "Direct (no credential check)",
        _ => method.ToString(),
    };
}
