using System.Diagnostics;
using System.Net;
using LoginAudit.Data;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Tests.Faults;

/// <summary>
/// The database file and its write-ahead log turn read-only under the running app (a full or remounted disk looks
/// the same to SQLite): sign-ins fail closed with an error and a log entry, nothing is half-written, and once the
/// files are writable again the next sign-in is audited as usual.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class ReadOnlyDatabaseTests : AppTest
{
    private const string Email = "readonly@example.com";

    [ImmutableFilesFact]
    public async Task SignIn_WhileTheDatabaseFilesAreReadOnly_FailsClosed_AndAfterwardsSignInsAreAuditedAgain()
    {
        await App.CreateUserAsync(Email);

        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await browser.GetStringAsync("/Account/Login");
        var files = new[] { App.DatabasePath, App.DatabasePath + "-wal" };
        Assert.All(files, file => Assert.True(File.Exists(file), $"{file} is missing: the database is not in WAL mode."));

        HttpResponseMessage refused;
        await Chattr("+i", files);
        try
        {
            refused = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        }
        finally
        {
            await Chattr("-i", files);
        }

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.False(refused.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(cookie => cookie.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal)));
        Assert.Contains(App.Logs.GetSnapshot(), record => record.Level >= LogLevel.Error
            && record.Exception?.ToString() is { } error
            && (error.Contains("disk I/O error", StringComparison.Ordinal) || error.Contains("readonly database", StringComparison.Ordinal)));
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(0, await db.LoginLogs.CountAsync());
            Assert.Equal(0, await db.LoginSessions.CountAsync());
        }

        var accepted = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await db.LoginLogs.CountAsync(log => log.EventType == LoginAudit.Data.Auditing.LoginEventType.SignInSucceeded));
            Assert.Equal(1, await db.LoginSessions.CountAsync());
        }
    }

    private static async Task Chattr(string flag, string[] files)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", [flag, .. files]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("chattr did not start.");
        var error = await chattr.StandardError.ReadToEndAsync();
        await chattr.WaitForExitAsync();
        Assert.True(chattr.ExitCode == 0, $"chattr {flag} failed: {error}");
    }
}

/// <summary>Runs where the test may mark files immutable (root, as in CI); skipped elsewhere unless CI requires it.</summary>
public sealed class ImmutableFilesFactAttribute : FactAttribute
{
    public ImmutableFilesFactAttribute()
    {
        var required = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!Environment.IsPrivilegedProcess && !required)
        {
            Skip = "Needs root to mark the database files immutable with chattr +i; run as root or with CI=true.";
        }
    }
}
