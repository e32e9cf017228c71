using LoginAudit.Data;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Identity;
using LoginAudit.Tests.ComponentTesting;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Components.Pages.Admin;

/// <summary>
/// A circuit for the admin dashboard pages: a real migrated SQLite file, the real query services and Identity
/// (session revocation), the clock at <see cref="LoginLogSeed.Now"/>, an administrator signed in, the browser in UTC
/// unless a test says otherwise, and query-string parameters supplied as the router would.
/// </summary>
public abstract class AdminPageTestContext : ComponentTestContext, IAsyncLifetime
{
    public const string AdminId = "u-admin";

    protected TemporaryDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TemporaryDatabase.CreateAsync();
        Services.AddSupplyValueFromQueryProvider();
        Services.AddSingleton<IDbContextFactory<LoginAuditDbContext>>(Database);
        Services.AddScoped(_ => Database.CreateDbContext());
        Services.AddOptions<LoginAuditOptions>();
        Services.AddLoginAuditIdentity();
        Services.AddLoginAuditDashboardData();
        Services.AddScoped<BrowserTimeZone>();
        JSRuntime.Setup("loginAudit.timeZone", "UTC");
        Time.SetUtcNow(LoginLogSeed.Now);
        Authentication.SetAdmin("admin@loginaudit.test", AdminId);
        await SeedAsync();
    }

    /// <summary>Rows the test class needs in every test.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        // The renderer first: a component may still be reading when the file goes.
        await DisposeAsync();
        await Database.DisposeAsync();
    }
}
