using LoginAudit.Data;
using LoginAudit.Tests.Infrastructure;
using Xunit.Sdk;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// Two app instances on one database behind a real nginx made from <c>deploy/nginx/loginaudit.conf</c>: the browser
/// reaches nginx at <c>http://[::1]:PORT/</c>, nginx reaches the instances at 127.0.0.1, their only trusted proxy.
/// <see cref="ServerFixture.App"/> is the first instance (its database is the shared one), <see cref="Other"/> the second.
/// </summary>
/// <param name="provider">The database of both instances: one SQLite file, or one fresh PostgreSQL database of
/// <see cref="PostgreSqlTestServer"/> (dropped with the first instance).</param>
public abstract class ProxiedInstancesFixture(DatabaseProvider provider) : ServerFixture
{
    /// <summary>The name of nginx's affinity cookie, which chooses the instance (see the configuration's comments).</summary>
    public const string AffinityCookie = "loginaudit_affinity";

    private LoginAuditAppFactory? other;
    private NginxProxy? proxy;

    public LoginAuditAppFactory Other => other ?? throw new InvalidOperationException("The instances were not started.");

    public NginxProxy Proxy => proxy ?? throw new InvalidOperationException("nginx was not started.");

    /// <summary>Nothing runs without Chromium or nginx outside CI (the tests are skipped); under CI a missing one fails.</summary>
    public static string? SkipReason => Chromium.SkipReason ?? (NginxProxy.IsInstalled || Chromium.IsRequired ? null : NginxProxy.InstallHint);

    public override async Task InitializeAsync()
    {
        if (SkipReason is not null || !Chromium.IsInstalled)
        {
            return;
        }

        var first = new LoginAuditAppFactory(Configure, provider);
        UseApp(first);
        var firstAddress = await StartAsync(first);
        other = first.AnotherInstance(Configure);
        var otherAddress = await StartAsync(other);
        proxy = await NginxProxy.StartAsync(firstAddress, otherAddress);
        UseBaseAddress(proxy.BaseAddress);
    }

    public override async Task DisposeAsync()
    {
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }

        if (other is not null)
        {
            await other.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>
    /// A value of the affinity cookie that nginx sends to <paramref name="instance"/>: probed through nginx, each candidate
    /// with a path of its own, until one shows up in that instance's request log.
    /// </summary>
    public async Task<string> AffinityForAsync(LoginAuditAppFactory instance)
    {
        using var client = new HttpClient { BaseAddress = Proxy.BaseAddress };
        for (var candidate = 0; candidate < 64; candidate++)
        {
            var value = $"probe{candidate}";
            using var request = new HttpRequestMessage(HttpMethod.Get, $"affinity-probe/{value}");
            request.Headers.Add("Cookie", $"{AffinityCookie}={value}");
            using var response = await client.SendAsync(request);
            if (instance.Logs.GetSnapshot().Any(record => record.Message.Contains($"/affinity-probe/{value} ", StringComparison.Ordinal)))
            {
                return value;
            }
        }

        throw new InvalidOperationException("No affinity cookie value reached the instance in 64 tries: is the upstream hash configured?");
    }

    private void Configure(Dictionary<string, string?> settings)
    {
        LogRequests(settings);
        settings["LoginAudit:TrustedProxies:0"] = "127.0.0.1";
    }
}

/// <summary>The two instances on one SQLite file (WAL, one machine).</summary>
public sealed class SqliteProxiedInstances() : ProxiedInstancesFixture(DatabaseProvider.Sqlite);

/// <summary>The two instances on one PostgreSQL database (the live feed through LISTEN/NOTIFY).</summary>
public sealed class PostgreSqlProxiedInstances() : ProxiedInstancesFixture(DatabaseProvider.PostgreSQL)
{
    public override Task InitializeAsync() => PostgreSqlTestServer.SkipReason is null ? base.InitializeAsync() : Task.CompletedTask;
}

/// <summary>
/// A browser test through <see cref="ProxiedInstancesFixture"/>: skipped without Chromium or nginx outside CI, and in an
/// <see cref="OnPostgreSqlAttribute"/> class without PostgreSQL too.
/// </summary>
[XunitTestCaseDiscoverer("LoginAudit.Tests.Infrastructure.DatabaseFactDiscoverer", "LoginAudit.Tests")]
public sealed class ProxiedBrowserFactAttribute : FactAttribute
{
    public ProxiedBrowserFactAttribute()
    {
        Skip = ProxiedInstancesFixture.SkipReason;
    }
}
