using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Data.KeyRing;

public static class KeyRingServiceCollectionExtensions
{
    /// <summary>Every instance protects with the same keys under the same name, so any of them reads another's cookies.</summary>
    public const string ApplicationName = "LoginAudit";

    /// <summary>
    /// Data Protection (sign-in cookies, antiforgery tokens, device cookies, circuit state) with its key ring in the
    /// database, <c>data_protection_keys</c>, shared by every instance on that database. With
    /// <c>LoginAudit:KeyRing:CertificatePath</c> set, the keys are encrypted at rest to that certificate (README, "Several instances").
    /// </summary>
    public static IServiceCollection AddLoginAuditKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection($"{LoginAuditOptions.SectionName}:{nameof(LoginAuditOptions.KeyRing)}").Get<KeyRingSettings>() ?? new();
        var keyRing = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<LoginAuditDbContext>();
        if (Certificate(settings.CertificatePath, settings.CertificatePassword, nameof(KeyRingSettings.CertificatePath)) is { } certificate)
        {
            var earlier = settings.PreviousCertificatePaths
                .Select(path => Certificate(path, settings.CertificatePassword, nameof(KeyRingSettings.PreviousCertificatePaths))!);
            keyRing.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate([certificate, .. earlier]);
        }

        return services;
    }

    private static X509Certificate2? Certificate(string? path, string? password, string key)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var setting = $"{LoginAuditOptions.SectionName}:{nameof(LoginAuditOptions.KeyRing)}:{key}";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting} names '{path}', which does not exist: give the path of a PKCS#12 (.pfx) file with its private key.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException($"{setting} names '{path}', which could not be read as a PKCS#12 (.pfx) file with LoginAudit:KeyRing:CertificatePassword: {exception.Message}", exception);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{setting} names '{path}', a certificate without its private key: the keys could be encrypted but never read back.");
    }
}
