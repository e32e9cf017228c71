using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Testing;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// One app for the browser tests of one class: <see cref="LoginAuditAppFactory"/> on Kestrel at
/// <c>http://localhost:PORT/</c>, in this process, with its own fresh database and the factory's administrator.
/// Without Chromium nothing starts (the tests are skipped, or fail in CI from the Chromium fixture).
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    public const string AdminEmail = LoginAuditAppFactory.AdminEmail;
    public const string AdminPassword = LoginAuditAppFactory.AdminPassword;

    private LoginAuditAppFactory? app;
    private Uri? baseAddress;

    /// <summary>The app's address for the browser, <c>http://localhost:PORT/</c>.</summary>
    public Uri BaseAddress => baseAddress ?? throw NotStarted();

    public string DatabasePath => App.DatabasePath;

    /// <summary>Everything the app has logged so far (its request log included), for the output of a failed test.</summary>
    public FakeLogCollector Logs => App.Logs;

    /// <summary>The host itself, for what the members here do not cover (its services, its clock).</summary>
    public LoginAuditAppFactory App => app ?? throw NotStarted();

    public virtual async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            return;
        }

        var starting = new LoginAuditAppFactory(LogRequests);
        app = starting;
        baseAddress = await StartAsync(starting);
    }

    public virtual async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    public Task<ApplicationUser> CreateUserAsync(string email, string password = LoginAuditAppFactory.UserPassword) =>
        App.CreateUserAsync(email, password);

    /// <summary>Every row, in write order.</summary>
    public Task<List<LoginLog>> LoginLogsAsync() =>
        App.WithDatabaseAsync(db => db.LoginLogs.AsNoTracking().OrderBy(log => log.Id).ToListAsync());

    /// <summary>The rows of one attempted user name, in write order.</summary>
    public Task<List<LoginLog>> LoginLogsOfAsync(string userName) =>
        App.WithDatabaseAsync(db => db.LoginLogs.AsNoTracking().Where(log => log.UserName == userName).OrderBy(log => log.Id).ToListAsync());

    /// <summary>The id of the user account with this e-mail, or null.</summary>
    public Task<string?> UserIdAsync(string email) =>
        App.WithDatabaseAsync(db => db.Users.AsNoTracking().Where(user => user.Email == email).Select(user => user.Id).SingleOrDefaultAsync());

    /// <summary>Every request in the log: a failed test shows what the browser asked for, and in which order.</summary>
    protected static void LogRequests(Dictionary<string, string?> settings) =>
        settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";

    /// <summary>Starts <paramref name="instance"/> on Kestrel; returns its address.</summary>
    protected static Task<Uri> StartAsync(LoginAuditAppFactory instance) => Task.Run(instance.StartOnLocalhost);

    /// <summary>For a fixture whose browser reaches the app through something else (a proxy): the address it uses.</summary>
    protected void UseBaseAddress(Uri address) => baseAddress = address;

    /// <summary>The instance whose database and log the members here read; set before it is started, so that it is disposed.</summary>
    protected void UseApp(LoginAuditAppFactory instance) => app = instance;

    private static InvalidOperationException NotStarted() => new(Chromium.SkipReason ?? "The app was not started.");
}
