using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// A passkey held by the test, as an authenticator holds one: an ES256 key pair whose public key is registered on a
/// user, and WebAuthn assertions signed with it (client data, authenticator data, DER signature, user handle).
/// Identity's real passkey handler verifies them; only the authenticator is software.
/// </summary>
public sealed class SoftwarePasskey(string userId) : IDisposable
{
    public const string Origin = "http://localhost";

    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>The counter of the last assertion; each new one advances it, as authenticators do.</summary>
    public uint SignCount { get; private set; }

    public UserPasskeyInfo ToPasskeyInfo() => new(
        CredentialId, CosePublicKey(), DateTimeOffset.UtcNow, signCount: 0, transports: ["internal"],
        isUserVerified: true, isBackupEligible: false, isBackedUp: false, attestationObject: [], clientDataJson: []);

    /// <summary>The JSON of <c>navigator.credentials.get()</c> answering <paramref name="challenge"/> (base64url).</summary>
    public string Assert(string challenge, string origin = Origin, bool userVerified = true, bool forgeSignature = false, uint? signCount = null)
    {
        SignCount = signCount ?? SignCount + 1;
        var clientData = JsonSerializer.SerializeToUtf8Bytes(new { type = "webauthn.get", challenge, origin, crossOrigin = false });
        var authenticatorData = AuthenticatorData(userVerified, SignCount);
        byte[] signed = [.. authenticatorData, .. SHA256.HashData(clientData)];
        var signature = key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        if (forgeSignature)
        {
            signature[^1] ^= 0x01;
        }

        return JsonSerializer.Serialize(new
        {
            id = Base64Url.EncodeToString(CredentialId),
            rawId = Base64Url.EncodeToString(CredentialId),
            type = "public-key",
            authenticatorAttachment = "platform",
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(clientData),
                authenticatorData = Base64Url.EncodeToString(authenticatorData),
                signature = Base64Url.EncodeToString(signature),
                userHandle = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(userId)),
            },
            clientExtensionResults = new { },
        });
    }

    public void Dispose() => key.Dispose();

    private static byte[] AuthenticatorData(bool userVerified, uint signCount)
    {
        const byte UserPresent = 0x01, UserVerified = 0x04;
        var data = new byte[37];
        SHA256.HashData(Encoding.UTF8.GetBytes(new Uri(Origin).Host)).CopyTo(data, 0);
        data[32] = userVerified ? (byte)(UserPresent | UserVerified) : UserPresent;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(33), signCount);
        return data;
    }

    /// <summary>The COSE_Key map {kty: EC2, alg: ES256, crv: P-256, x, y} in CBOR, as attestation stores it.</summary>
    private byte[] CosePublicKey()
    {
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        return [0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20, .. point.X!, 0x22, 0x58, 0x20, .. point.Y!];
    }
}
