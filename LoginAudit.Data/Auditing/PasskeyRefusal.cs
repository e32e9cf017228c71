namespace LoginAudit.Data.Auditing;

/// <summary>
/// How a passkey sign-in was refused; stored in <c>login_logs.error_code</c> under <see cref="LoginFailureReason.InvalidPasskey"/>.
/// </summary>
public enum PasskeyRefusal
{
    /// <summary>The credential JSON is longer than <see cref="PasskeyCredential.MaxLength"/>; it was not read.</summary>
    CredentialTooLarge,

    /// <summary>The credential is not JSON of a WebAuthn assertion, or lacks its id.</summary>
    MalformedCredential,

    /// <summary>No account holds the credential (never registered, or removed since).</summary>
    UnknownCredential,

    /// <summary>No passkey sign-in was begun in this browser (no challenge to answer), for example a replay from elsewhere.</summary>
    NoChallenge,

    /// <summary>
    /// Identity's WebAuthn checks refused the assertion: wrong challenge or origin, no user verification, a bad
    /// signature, or a signature counter that did not advance (a replay). The log has Identity's own words.
    /// </summary>
    AssertionRejected,
}
