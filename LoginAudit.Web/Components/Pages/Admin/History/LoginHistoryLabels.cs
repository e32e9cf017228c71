using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
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
        LoginEventType.RateLimited => "Refused: too many attempts",
        LoginEventType.PasskeyAdded => "Passkey added",
        LoginEventType.PasskeyRenamed => "Passkey renamed",
        LoginEventType.PasskeyRemoved => "Passkey removed",
        LoginEventType.AuditLogPurged => "Old history purged",
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
        LoginFailureReason.InvalidPasskey => "Passkey refused",
        LoginFailureReason.RateLimited => "Too many attempts",
        _ => reason.ToString(),
    };

    /// <summary>The single flags of <see cref="SuspicionReasons"/>, in their declared order.</summary>
    public static IReadOnlyList<SuspicionReasons> AllSuspicionReasons { get; } =
        Enum.GetValues<SuspicionReasons>().Where(reason => reason != SuspicionReasons.None).ToList();

    public static string Suspicion(SuspicionReasons reason) => reason switch
    {
        SuspicionReasons.NewDevice => "New device",
        SuspicionReasons.NewCountry => "New country",
        SuspicionReasons.NewCity => "New city",
        SuspicionReasons.ImpossibleTravel => "Impossible travel",
        SuspicionReasons.BruteForce => "After many failures",
        SuspicionReasons.PasswordSpraying => "Password spraying",
        SuspicionReasons.BotUserAgent => "Bot user agent",
        _ => reason.ToString(),
    };

    /// <summary>The single reasons in a stored list, in declared order; names this version does not know are left out.</summary>
    public static IReadOnlyList<SuspicionReasons> SuspicionsOf(string? stored)
    {
        var reasons = SuspicionReasonList.Parse(stored);
        return AllSuspicionReasons.Where(reason => reasons.HasFlag(reason)).ToList();
    }

    /// <summary>"New device, New city": for a tooltip or a sentence.</summary>
    public static string SuspicionText(string? stored) => string.Join(", ", SuspicionsOf(stored).Select(Suspicion));

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
        Data.Auditing.SignInMethod.Passkey => "Passkey",
        Data.Auditing.SignInMethod.Direct => "Direct (no credential check)",
        _ => method.ToString(),
    };
}
