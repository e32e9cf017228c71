using System.Collections.Concurrent;
using System.Net;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Tests.Faults;

[Collection(LoadCollection.Name)]
public sealed class ConcurrentSignInTests : AppTest
{
    private const int Users = 40;
    private const int SignInsPerUser = 5;

    [Fact]
    public async Task SignInsAndSignOuts_200AtOnce_EveryAnsweredRequestHasExactlyOneRowAndNothingIsLocked()
    {
        await using var app = App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            // The password hash is not what is under test; at 100,000 iterations 200 sign-ins would take most of a minute on 2 cores.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000);
        }));
        for (var i = 0; i < Users; i++)
        {
            await LoginAuditAppFactory.CreateUserAsync(app.Services, $"load{i}@example.com");
        }

        var signIns = new ConcurrentBag<int>();
        var signOuts = new ConcurrentBag<int>();
        await Task.WhenAll(Enumerable.Range(0, Users * SignInsPerUser).Select(async n =>
        {
            var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            browser.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"Mozilla/5.0 (X11; Linux x86_64) LoadTest/{n}");
            var signIn = await browser.SignInAsync($"load{n % Users}@example.com", LoginAuditAppFactory.UserPassword);
            if (signIn.StatusCode == HttpStatusCode.Redirect)
            {
                signIns.Add(n);
                if ((await browser.SignOutAsync()).StatusCode == HttpStatusCode.Redirect)
                {
                    signOuts.Add(n);
                }
            }
        }));

        var rows = await LoginLogsAsync(app);
        Assert.Equal(Users * SignInsPerUser, signIns.Count);
        Assert.Equal(signIns.Count, signOuts.Count);
        Assert.Equal(signIns.Count, rows.Count(row => row.EventType == LoginEventType.SignInSucceeded));
        Assert.Equal(signOuts.Count, rows.Count(row => row.EventType == LoginEventType.SignedOut));
        Assert.Equal(rows.Count, signIns.Count + signOuts.Count);
        Assert.Equal(signIns.Count, rows.Where(row => row.EventType == LoginEventType.SignInSucceeded).Select(row => row.SessionId).Distinct().Count());
        Assert.Equal(
            rows.Where(row => row.EventType == LoginEventType.SignInSucceeded).Select(row => row.UserAgent).Order(),
            signIns.Select(n => $"Mozilla/5.0 (X11; Linux x86_64) LoadTest/{n}").Order());

        var problems = app.Services.GetFakeLogCollector().GetSnapshot()
            .Select(record => (record.Level, Text: $"{record.Level} {record.Category}[{record.Id.Id}]: {record.Message} {record.Exception}"))
            .Where(record => record.Level >= LogLevel.Error || record.Text.Contains("database is locked", StringComparison.OrdinalIgnoreCase))
            .Select(record => record.Text)
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        await app.Services.GetRequiredService<ChainSealer>().SealAsync();
        var chain = await app.Services.GetRequiredService<ChainVerifier>().VerifyAsync();
        Assert.True(chain.Intact && chain.RowsChecked == rows.Count, chain.Description);
    }

    /// <summary>Through the configured app's own services: <c>App</c>'s helpers would start a second host on the same file.</summary>
    internal static async Task<List<LoginLog>> LoginLogsAsync(WebApplicationFactory<Program> app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContextAsync();
        return await db.LoginLogs.AsNoTracking().OrderBy(log => log.Id).ToListAsync();
    }
}
