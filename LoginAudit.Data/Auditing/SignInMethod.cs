namespace LoginAudit.Data.Auditing;

/// <summary>How the attempt proved who it was. Stored as text in <c>login_logs.sign_in_method</c>.</summary>
public enum SignInMethod
{
    Password,

    /// <summary>A code from an authenticator app (TOTP).</summary>
    Authenticator,

    RecoveryCode,

    /// <summary>A second-factor code from another provider (e-mail, phone).</summary>
    TwoFactorToken,

    External,

    /// <summary>A passkey (WebAuthn assertion, user-verified): a first factor that needs no second.</summary>
    Passkey,

    /// <summary>The application signed the user in without a credential check of its own, for example right after registration.</summary>
    Direct,
}
