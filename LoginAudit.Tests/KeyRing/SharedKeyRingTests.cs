using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.KeyRing;

/// <summary>Two instances on one database share one Data Protection key ring: what one protects, the other reads.</summary>
public sealed class SharedKeyRingTests : AppTest
{
    private const string Email = "alice@example.com";

    public override async Task InitializeAsync() => await App.CreateUserAsync(Email);

    [Fact]
    public async Task SignInCookie_IssuedByOneInstance_IsAcceptedByAnother()
    {
        await using var other = App.AnotherInstance();
        var cookies = new CookieContainer();
        await App.CreateBrowser(cookies).SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var page = await other.CreateBrowser(cookies).GetAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task AntiforgeryToken_IssuedByOneInstance_IsAcceptedByAnother()
    {
        await using var other = App.AnotherInstance();
        var cookies = new CookieContainer();
        await App.CreateBrowser(cookies).SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        // The sign-out form (and its antiforgery cookie) comes from this instance, the post goes to the other.
        var formPage = await App.CreateBrowser(cookies).GetStringAsync("/");
        var signOut = await other.CreateBrowser(cookies).PostSignOutFormAsync(formPage);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.LoginSessions.CountAsync(session => session.EndedAt != null)));
    }

    [Fact]
    public async Task SignInCookie_FromAnotherDatabase_IsRefused()
    {
        await using var stranger = new LoginAuditAppFactory();
        var cookies = new CookieContainer();
        await App.CreateBrowser(cookies).SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var page = await stranger.CreateBrowser(cookies).GetAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location?.ToString());
    }

    [Fact]
    public async Task KeyRing_AfterASignIn_IsStoredInTheDatabase()
    {
        await App.CreateBrowser().SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var keys = await App.WithDatabaseAsync(db => db.DataProtectionKeys.ToListAsync());

        var key = Assert.Single(keys);
        Assert.Contains("<key id=", key.Xml);
    }

    [Fact]
    public async Task KeyRing_WithACertificate_IsEncryptedAtRestAndStillReadByAnotherInstance()
    {
        var certificatePath = Path.Combine(Path.GetDirectoryName(App.DatabasePath)!, "keyring.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=LoginAudit key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificatePath, certificate.Export(X509ContentType.Pkcs12, "pfx-secret"));
        }

        void WithCertificate(Dictionary<string, string?> settings)
        {
            settings["LoginAudit:KeyRing:CertificatePath"] = certificatePath;
            settings["LoginAudit:KeyRing:CertificatePassword"] = "pfx-secret";
        }

        // A database of their own: the instance of this class made its (unencrypted) key when it started.
        await using var first = new LoginAuditAppFactory(WithCertificate);
        await using var second = first.AnotherInstance(WithCertificate);
        await first.CreateUserAsync(Email);
        var cookies = new CookieContainer();
        await first.CreateBrowser(cookies).SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var page = await second.CreateBrowser(cookies).GetAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var stored = Assert.Single(await first.WithDatabaseAsync(db => db.DataProtectionKeys.ToListAsync()));
        Assert.Contains("EncryptedData", stored.Xml);
        Assert.DoesNotContain("<masterKey", stored.Xml);
    }

    [Fact]
    public void Start_CertificateFileMissing_FailsNamingTheSetting()
    {
        using var broken = App.AnotherInstance(settings => settings["LoginAudit:KeyRing:CertificatePath"] = "/nonexistent/keyring.pfx");

        var failure = Assert.ThrowsAny<Exception>(() => broken.Services);

        Assert.Contains("LoginAudit:KeyRing:CertificatePath", failure.Message);
    }
}
