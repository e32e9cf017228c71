namespace LoginAudit.Data.Auditing;

/// <summary>Why an attempt failed. Stored as text in <c>login_logs.failure_reason</c>; null when nothing failed.</summary>
public enum LoginFailureReason
{
    /// <summary>The user exists and the password was wrong.</summary>
    InvalidPassword,

    /// <summary>No account has the attempted user name; <c>user_id</c> is null and the name is kept.</summary>
    UnknownUser,

    /// <summary>The account is locked out (by this attempt or an earlier one).</summary>
    LockedOut,

    /// <summary>The account may not sign in yet, for example an unconfirmed e-mail; <c>error_code</c> says which rule.</summary>
    NotAllowed,

    /// <summary>The authenticator (or other second-factor) code was wrong.</summary>
    InvalidTwoFactorCode,

    /// <summary>The recovery code was wrong or already used.</summary>
    InvalidRecoveryCode,

    /// <summary>The external provider's identity is not linked to any account.</summary>
    ExternalLoginNotLinked,

    /// <summary>
    /// The passkey assertion was refused or unreadable; <c>error_code</c> says how (<see cref="PasskeyRefusal"/>).
    /// </summary>
    InvalidPasskey,

    /// <summary>Too many recent failures from the address (see <see cref="LoginEventType.RateLimited"/>).</summary>
    RateLimited,

    /// <summary>The address is in a denied network zone, or outside every allowed one (see <see cref="LoginEventType.ZoneRefused"/>).</summary>
    ZoneRefused,

    /// <summary>A user tried to review someone else's event (see <see cref="LoginEventType.ReviewRefused"/>).</summary>
    NotOwnEvent,
}
