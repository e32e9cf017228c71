using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// What the audit needs from a passkey assertion before Identity verifies it: which credential it names and
/// which account its user handle claims. Nothing of it is stored: rows get only <see cref="PasskeyReference"/>.
/// </summary>
public sealed record PasskeyCredential(byte[] CredentialId, string? ClaimedUserId)
{
    /// <summary>
    /// The longest credential JSON read, in characters. A real assertion is about 1 KB; credential ids are at most
    /// 1,023 bytes (WebAuthn), so even the largest fit several times over.
    /// </summary>
    public const int MaxLength = 16 * 1024;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 8 };

    /// <summary>The credential, or why it cannot be read.</summary>
    public static (PasskeyCredential? Credential, PasskeyRefusal? Refusal) Read(string? credentialJson)
    {
        if (string.IsNullOrEmpty(credentialJson))
        {
            return (null, PasskeyRefusal.MalformedCredential);
        }

        if (credentialJson.Length > MaxLength)
        {
            return (null, PasskeyRefusal.CredentialTooLarge);
        }

        try
        {
            using var document = JsonDocument.Parse(credentialJson, ReadOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || Decode(id.GetString()) is not { Length: > 0 } credentialId)
            {
                return (null, PasskeyRefusal.MalformedCredential);
            }

            string? claimedUserId = null;
            if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("userHandle", out var userHandle) && userHandle.ValueKind == JsonValueKind.String
                && Decode(userHandle.GetString()) is { Length: > 0 } handle)
            {
                // Identity makes the user handle from the user id's UTF-8 bytes (PasskeyUserEntity.Id).
                claimedUserId = Encoding.UTF8.GetString(handle);
            }

            return (new PasskeyCredential(credentialId, claimedUserId), null);
        }
        catch (JsonException)
        {
            return (null, PasskeyRefusal.MalformedCredential);
        }
    }

    private static byte[]? Decode(string? base64Url)
    {
        if (string.IsNullOrEmpty(base64Url))
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(base64Url);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
