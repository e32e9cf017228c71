namespace LoginAudit.Data.Auditing;

/// <summary>What happened. Stored as text in <c>login_logs.event_type</c>; the set is part of the table's contract.</summary>
public enum LoginEventType
{
    /// <summary>A session began: password, second factor, recovery code, external provider or a direct sign-in.</summary>
    SignInSucceeded,

    /// <summary>An attempt failed; <see cref="LoginLog.FailureReason"/> says why.</summary>
    SignInFailed,

    /// <summary>The password was right and the account wants a second factor; no session yet.</summary>
    TwoFactorRequired,

    /// <summary>This failed attempt locked the account (the lockout threshold was reached).</summary>
    LockedOut,

    /// <summary>The user signed out; the session ends.</summary>
    SignedOut,

    /// <summary>The session's cookie expired without a sign-out; written when the expiry is detected.</summary>
    SessionExpired,

    /// <summary>The session's cookie was rejected by security-stamp validation (password changed, sessions ended, user deleted).</summary>
    SessionRevoked,

    /// <summary>A sign-in attempt refused by throttling before the password was checked; <c>error_code</c> names the limit.</summary>
    RateLimited,

    /// <summary>A sign-in attempt refused by a network zone (<c>LoginAudit:Zones</c>) before the password was checked; <c>error_code</c> names the zone.</summary>
    ZoneRefused,

    /// <summary>An administrator reviewed a flagged event as safe; <c>error_code</c> is <c>event=&lt;id&gt;</c>, the reviewer is the row's user.</summary>
    SignInConfirmedSafe,

    /// <summary>An administrator reviewed a flagged event as compromised: the account's sessions ended and a new password is required.</summary>
    SignInConfirmedCompromised,

    /// <summary>The account's owner said "This was me" about one of their flagged sign-ins; <c>error_code</c> is <c>event=&lt;id&gt;</c>.</summary>
    SignInConfirmedByUser,

    /// <summary>The account's owner said "This wasn't me": their other sessions ended and the administrators were told.</summary>
    SignInDeniedByUser,

    /// <summary>A user tried to review an event that is not theirs; refused. <c>error_code</c> is <c>event=&lt;id&gt;</c>.</summary>
    ReviewRefused,

    /// <summary>A passkey was registered on the account; <c>error_code</c> holds its reference (<c>passkey=…</c>, see <see cref="PasskeyReference"/>).</summary>
    PasskeyAdded,

    /// <summary>A passkey of the account was given a new name; <c>error_code</c> holds its reference.</summary>
    PasskeyRenamed,

    /// <summary>A passkey was removed from the account; <c>error_code</c> holds its reference.</summary>
    PasskeyRemoved,

    /// <summary>The retention purge deleted old rows; <see cref="LoginLog.ErrorCode"/> holds the cutoff and counts (<c>before=…;rows=…;sessions=…</c>).</summary>
    AuditLogPurged,
}

/// <summary>The sets of <see cref="LoginEventType"/> that queries, detection and throttling share, each said once.</summary>
public static class LoginEventTypes
{
    /// <summary>Failed attempts: a wrong or refused credential, and the attempt that locked the account.</summary>
    public static readonly LoginEventType[] Failures = [LoginEventType.SignInFailed, LoginEventType.LockedOut];

    /// <summary><see cref="Failures"/> as an SQL list of the stored text, as the partial indexes' filters say it.</summary>
    public const string FailuresSql = $"('{nameof(LoginEventType.SignInFailed)}', '{nameof(LoginEventType.LockedOut)}')";

    /// <summary>Attempts that ended one way or the other: a success and <see cref="Failures"/>, what the overview's trend and address count take.</summary>
    public const string AttemptsSql = $"('{nameof(LoginEventType.SignInSucceeded)}', '{nameof(LoginEventType.SignInFailed)}', '{nameof(LoginEventType.LockedOut)}')";
}
