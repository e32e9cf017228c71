using LoginAudit.Data.Integrity;
using System.Net;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// The real app (real Identity pipeline, real SQLite file or PostgreSQL database), one fresh database per instance: on a
/// TestServer, or with <see cref="StartOnLocalhost"/> on Kestrel at a real loopback port, for a browser.
/// </summary>
public sealed class LoginAuditAppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@loginaudit.test";
    public const string AdminPassword = "Admin-Passw0rd!";
    public const string UserPassword = "User-Passw0rd!";

    /// <summary>Test-only header that stands for the TCP peer address, which TestServer does not have.</summary>
    public const string PeerAddressHeader = "X-Test-Peer-Address";

    private readonly string directory = Directory.CreateTempSubdirectory("loginaudit-app-").FullName;
    private readonly Dictionary<string, string?> settings = new();
    private readonly string? postgreSqlDatabase;
    private bool onKestrel;

    public LoginAuditAppFactory(Action<Dictionary<string, string?>>? configure = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            // Made before the host starts, which migrates it (a no-op: it is copied from a migrated template).
            postgreSqlDatabase = PostgreSqlTestServer.CreateDatabaseAsync().GetAwaiter().GetResult();
            settings["ConnectionStrings:LoginAudit"] = postgreSqlDatabase;
            settings[LoginAuditDatabase.ProviderKey] = nameof(DatabaseProvider.PostgreSQL);
        }
        else
        {
            settings["ConnectionStrings:LoginAudit"] = $"Data Source={DatabasePath}";
        }

        settings["LoginAudit:Admin:Email"] = AdminEmail;
        settings["LoginAudit:Admin:Password"] = AdminPassword;
        settings["LoginAudit:Sessions:SecurityStampValidationInterval"] = "00:00:00";
        settings["LoginAudit:Sessions:ExpirySweepInterval"] = "01:00:00";
        configure?.Invoke(settings);
    }

    public string DatabasePath => Path.Combine(directory, "loginaudit.db");

    /// <summary>
    /// The app's clock: the real time when the factory was made (so cookies are valid for the client too), standing still
    /// until a test moves it. <c>Advance</c> fires the app's timers that fall due (sealing, sweeps, alert retries);
    /// <c>AdjustTime</c> moves the time alone, as a changed system clock would. Each reading moves it one tick, so no two
    /// readings are the same instant (Identity checks a security stamp only once time has passed since the cookie was issued).
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromTicks(1) };

    /// <summary>Every log record the app wrote (at the levels its configuration enables), to read what an operator would see.</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Outside Development the host serves only published assets; the framework's and packages' come from the build's manifest.
        builder.UseStaticWebAssets();

        // As strict as Development: a singleton holding a scoped service fails the test run, not production.
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateScopes = true;
            options.ValidateOnBuild = true;
        });
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddFakeLogging();
            if (!onKestrel)
            {
                services.AddTransient<IStartupFilter, PeerAddressStartupFilter>();
            }
        });
    }

    /// <summary>
    /// Starts the app on Kestrel at a free loopback port instead of a TestServer, and returns <c>http://localhost:PORT/</c>:
    /// a name, not 127.0.0.1, because WebAuthn needs a domain as relying party. Requests then come from their real TCP
    /// peer (127.0.0.1), not from <see cref="PeerAddressHeader"/>. Call it before anything else starts the host.
    /// </summary>
    public Uri StartOnLocalhost()
    {
        onKestrel = true;
        UseKestrel(0);
        StartServer();
        return new UriBuilder(ClientOptions.BaseAddress) { Host = "localhost" }.Uri;
    }

    /// <summary>A browser without redirects, keeping cookies; at <c>http://localhost</c> unless <paramref name="baseAddress"/> says otherwise.</summary>
    public HttpClient CreateBrowser(
        string? userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        Uri? baseAddress = null)
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true };
        if (baseAddress is not null)
        {
            options.BaseAddress = baseAddress;
        }

        var client = CreateClient(options);
        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return client;
    }

    /// <summary>A browser whose cookies live in <paramref name="cookies"/>: give two instances' browsers the same jar and it moves between them.</summary>
    public HttpClient CreateBrowser(CookieContainer cookies)
    {
        var client = CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
        return client;
    }

    /// <summary>Another instance of the app on this one's database (as a second server behind a proxy would be), with its own clock and logs.</summary>
    public LoginAuditAppFactory AnotherInstance(Action<Dictionary<string, string?>>? configure = null) => new(instance =>
    {
        instance["ConnectionStrings:LoginAudit"] = settings["ConnectionStrings:LoginAudit"];
        if (settings.TryGetValue(LoginAuditDatabase.ProviderKey, out var provider))
        {
            instance[LoginAuditDatabase.ProviderKey] = provider;
        }

        configure?.Invoke(instance);
    });

    public Task<ApplicationUser> CreateUserAsync(string email, string password = UserPassword, bool emailConfirmed = true) =>
        CreateUserAsync(Services, email, password, emailConfirmed);

    /// <summary>Creates a user through the Identity of <paramref name="services"/> (a host derived with <c>WithWebHostBuilder</c>, say).</summary>
    public static async Task<ApplicationUser> CreateUserAsync(IServiceProvider services, string email, string password = UserPassword, bool emailConfirmed = true)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = emailConfirmed };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(error => error.Description)));
        return user;
    }

    public async Task<T> WithUsersAsync<T>(Func<UserManager<ApplicationUser>, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
    }

    public async Task<List<LoginLog>> LoginLogsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContextAsync();
        return await db.LoginLogs.AsNoTracking().OrderBy(log => log.Id).ToListWithSealsAsync(db);
    }

    public async Task<T> WithDatabaseAsync<T>(Func<LoginAuditDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (postgreSqlDatabase is not null)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(postgreSqlDatabase);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A closing connection may still hold the file; the temp folder is cleaned by the OS later.
        }
    }

    private sealed class PeerAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress =
                    IPAddress.TryParse(context.Request.Headers[PeerAddressHeader], out var peer) ? peer : IPAddress.Parse("203.0.113.10");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
