using System.Security.Cryptography;
using LoginAudit.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// Spends on an unknown user name the same password-hash verification a known one costs, so response
/// time does not tell an attacker which names exist.
/// </summary>
/// <remarks>
/// A singleton so that the decoy hash is made once; the hasher itself is Identity's scoped one, passed
/// in by the caller, so the decoy always costs what the real verification costs.
/// </remarks>
public sealed class UnknownUserPasswordCheck
{
    private string? decoyHash;

    public void Verify(IPasswordHasher<ApplicationUser> hasher, string? attemptedPassword)
    {
        var hash = decoyHash ??= hasher.HashPassword(new ApplicationUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        hasher.VerifyHashedPassword(new ApplicationUser(), hash, attemptedPassword ?? string.Empty);
    }
}
