using System.Security.Cryptography;
using System.Text;

namespace LoginAudit.Data.Alerts;

/// <summary>
/// <c>X-LoginAudit-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>, as GitHub signs its webhooks:
/// the receiver recomputes it with the shared secret and compares in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-LoginAudit-Signature";
    private const string Prefix = "sha256=";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, body)), Encoding.ASCII.GetBytes(header));
}
