using System.Security.Cryptography;
using System.Text;
using LoginAudit.Data.Auditing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace LoginAudit.Data.Throttling;

/// <summary>
/// OWASP's device cookies ("Slow Down Online Guessing Attacks with Device Cookies"): a browser that has signed into an
/// account carries a cookie, signed and encrypted with Data Protection, that names the account and a random device id.
/// Its attempts for that account are throttled by that device's own failures instead of its address's, so a sprayer
/// behind the same address locks out only the browsers that never signed in (README, "Device cookies").
/// </summary>
public sealed class DeviceCookies(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookiePrefix = ".LoginAudit.Device.";

    /// <summary>As long as a browser is remembered for an account after its last successful sign-in there.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private readonly IDataProtector protector = protection.CreateProtector("LoginAudit.Throttling.DeviceCookie.v1");

    /// <summary>After a successful sign-in: a new device id for this browser and account.</summary>
    public void Issue(HttpContext context, string? userName)
    {
        if (Account(userName) is not { } account)
        {
            return;
        }

        var deviceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = clock.GetUtcNow() + Lifetime;
        context.Response.Cookies.Append(CookieNameFor(account), protector.Protect($"{account}\n{deviceId}"), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            Path = "/",
            Expires = expires,
        });
    }

    /// <summary>The device id this browser holds for the attempted account; null without a valid cookie for exactly that account.</summary>
    public string? DeviceFor(HttpContext context, string? userName)
    {
        if (Account(userName) is not { } account || context.Request.Cookies[CookieNameFor(account)] is not { } value)
        {
            return null;
        }

        try
        {
            var parts = protector.Unprotect(value).Split('\n');
            return parts.Length == 2 && parts[0] == account ? parts[1] : null;
        }
        catch (CryptographicException)
        {
            // Forged, tampered with, or protected by keys that are gone: an untrusted browser like any other.
            return null;
        }
    }

    // As the throttle and the audit compare names: cleaned, case-insensitive.
    private static string? Account(string? userName) => AuditText.Clean(userName, LoginLogLimits.UserName)?.ToLowerInvariant();

    /// <summary>One cookie per account, named without the account in clear.</summary>
    public static string CookieNameFor(string userName) =>
        CookiePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Account(userName) ?? "")))[..16];
}
