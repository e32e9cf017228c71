using System.Security.Cryptography;
using LoginAudit.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// Spends on an unknown user name the same password-hash verification a known one costs, so response
/// time does not tell an attacker which names exist.
/// </summary>
public sealed class UnknownUserPasswordCheck(IPasswordHasher<ApplicationUser> hasher)
{
    private readonly Lazy<string> decoyHash = new(() =>
        hasher.HashPassword(new ApplicationUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    public void Verify(string? attemptedPassword) =>
        hasher.VerifyHashedPassword(new ApplicationUser(), decoyHash.Value, attemptedPassword ?? string.Empty);
}
