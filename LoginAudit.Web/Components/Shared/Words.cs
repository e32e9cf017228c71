using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.History;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Reviews;
using LoginAudit.Data.UserActivity;
using LoginAudit.Data.UserAgents;
using LoginAudit.Web.Components.Layout;

// Each switch below names every value of its enum and has no "_ =>" arm, so a value added to an enum without its
// words is a build error (CS8509, with warnings as errors). CS8524 is about values outside the enum (a cast
// integer): none reaches these methods, and if one did, the SwitchExpressionException would be the bug report.
#pragma warning disable CS8524

namespace LoginAudit.Web.Components.Shared;

/// <summary>
/// The words a person reads for every stored code: one place for the whole UI (grid, details, charts, pages, filters).
/// The codes themselves stay visible in tooltips, the row details and the CSV.
/// </summary>
public static class Words
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
        LoginEventType.ZoneRefused => "Refused: network zone",
        LoginEventType.SignInConfirmedSafe => "Reviewed: safe",
        LoginEventType.SignInConfirmedCompromised => "Reviewed: compromised",
        LoginEventType.SignInConfirmedByUser => "User: this was me",
        LoginEventType.SignInDeniedByUser => "User: this wasn't me",
        LoginEventType.ReviewRefused => "Review refused",
        LoginEventType.PasskeyAdded => "Passkey added",
        LoginEventType.PasskeyRenamed => "Passkey renamed",
        LoginEventType.PasskeyRemoved => "Passkey removed",
        LoginEventType.AuditLogPurged => "Old history purged",
    };

    public static string Reason(LoginFailureReason reason) => reason switch
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
        LoginFailureReason.ZoneRefused => "Network zone",
        LoginFailureReason.NotOwnEvent => "Not the user's own event",
    };

    /// <summary>A row's reason, or that it has none (a grouped count of rows without one).</summary>
    public static string Reason(LoginFailureReason? reason) => reason is { } known ? Reason(known) : "No reason recorded";

    /// <summary>Each single signal of <see cref="SuspicionReasons"/>; <c>None</c> is no signal and reads as such.</summary>
    public static string Suspicion(SuspicionReasons reason) => reason switch
    {
        SuspicionReasons.None => "Not suspicious",
        SuspicionReasons.NewDevice => "New device",
        SuspicionReasons.NewCountry => "New country",
        SuspicionReasons.NewCity => "New city",
        SuspicionReasons.ImpossibleTravel => "Impossible travel",
        SuspicionReasons.BruteForce => "After many failures",
        SuspicionReasons.PasswordSpraying => "Password spraying",
        SuspicionReasons.BotUserAgent => "Bot user agent",
        SuspicionReasons.HostingNetwork => "Hosting network",
    };

    /// <summary>The single flags of <see cref="SuspicionReasons"/>, in their declared order.</summary>
    public static IReadOnlyList<SuspicionReasons> AllSuspicionReasons { get; } =
        Enum.GetValues<SuspicionReasons>().Where(reason => reason != SuspicionReasons.None).ToList();

    /// <summary>The single reasons in a stored list, in declared order; names this version does not know are left out.</summary>
    public static IReadOnlyList<SuspicionReasons> SuspicionsOf(string? stored)
    {
        var reasons = SuspicionReasonList.Parse(stored);
        return AllSuspicionReasons.Where(reason => reasons.HasFlag(reason)).ToList();
    }

    /// <summary>"New device, New city": for a tooltip or a sentence.</summary>
    public static string SuspicionText(string? stored) => string.Join(", ", SuspicionsOf(stored).Select(Suspicion));

    public static string Risk(RiskLevel level) => level switch
    {
        RiskLevel.None => "No risk",
        RiskLevel.Low => "Low",
        RiskLevel.Medium => "Medium",
        RiskLevel.High => "High",
    };

    public static string Verdict(ReviewVerdict verdict) => verdict switch
    {
        ReviewVerdict.ConfirmedSafe => "Confirmed safe",
        ReviewVerdict.ConfirmedCompromised => "Confirmed compromised",
        ReviewVerdict.ThisWasMe => "The user said: this was me",
        ReviewVerdict.ThisWasNotMe => "The user said: this wasn't me",
    };

    public static string Outcome(LoginOutcome outcome) => outcome switch
    {
        LoginOutcome.Any => "Any outcome",
        LoginOutcome.Succeeded => "Succeeded",
        LoginOutcome.Failed => "Failed",
    };

    public static string Range(LoginHistoryRange range) => range switch
    {
        LoginHistoryRange.LastHour => "Last hour",
        LoginHistoryRange.Last24Hours => "Last 24 hours",
        LoginHistoryRange.Last7Days => "Last 7 days",
        LoginHistoryRange.Last30Days => "Last 30 days",
        LoginHistoryRange.Custom => "Custom range",
    };

    public static string Device(DeviceType device) => device switch
    {
        DeviceType.Desktop => "Desktop",
        DeviceType.Mobile => "Mobile",
        DeviceType.Tablet => "Tablet",
        DeviceType.Bot => "Bot",
        DeviceType.Other => "Other",
    };

    public static string SignInMethod(SignInMethod method) => method switch
    {
        Data.Auditing.SignInMethod.Password => "Password",
        Data.Auditing.SignInMethod.Authenticator => "Authenticator app",
        Data.Auditing.SignInMethod.RecoveryCode => "Recovery code",
        Data.Auditing.SignInMethod.TwoFactorToken => "Two-factor token",
        Data.Auditing.SignInMethod.External => "External provider",
        Data.Auditing.SignInMethod.Passkey => "Passkey",
        Data.Auditing.SignInMethod.Direct => "Direct (no credential check)",
    };

    public static string SessionEnd(SessionEndKind kind) => kind switch
    {
        SessionEndKind.SignedOut => "Signed out",
        SessionEndKind.Expired => "Expired",
        SessionEndKind.Revoked => "Revoked",
        SessionEndKind.Active => "Active now",
        SessionEndKind.ExpiredUnrecorded => "Expired (not yet recorded)",
        SessionEndKind.Unknown => "End unknown",
    };

    public static string ChainBreak(ChainBreakKind kind) => kind switch
    {
        ChainBreakKind.None => "nothing broke",
        ChainBreakKind.EditedRow => "a row was edited",
        ChainBreakKind.DeletedRows => "rows were deleted",
        ChainBreakKind.InsertedRow => "a row was inserted",
        ChainBreakKind.ReorderedRows => "rows were reordered",
    };

    public static string Theme(ThemePreference preference) => preference switch
    {
        ThemePreference.System => "Follow the system",
        ThemePreference.Light => "Light",
        ThemePreference.Dark => "Dark",
    };

    /// <summary>An empty column value (unparsed user agent, no address) said as such rather than left blank.</summary>
    public static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? "(unknown)" : value;
}
