using System.Security.Cryptography;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// Which passkey a row is about, without its credential id: <c>passkey=</c> and the first 8 hex digits of the
/// id's SHA-256. Enough to tell a user's passkeys apart and to follow one from added to used to removed; the id
/// itself (and nothing else of the credential) is never stored in <c>login_logs</c>.
/// </summary>
public static class PasskeyReference
{
    public const string Prefix = "passkey=";

    public static string For(byte[] credentialId) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(credentialId).AsSpan(0, 4));
}
