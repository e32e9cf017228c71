using System.Net;
using LoginAudit.Data;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Tests.Faults;

[Collection(LoadCollection.Name)]
public sealed class LockedDatabaseTests : AppTest
{
    private const string Email = "locked@example.com";

    [Fact]
    public async Task SignIn_WhileAnotherConnectionHoldsTheDatabaseExclusively_FailsClosedWithAnErrorPageAndALogEntry()
    {
        await using var app = App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            // The app waits up to 30 s for a busy database (SqliteConnectionStrings.Normalize); 2 s keeps this test short
            // and changes nothing else: the write still finds the database locked and gives up.
            services.ConfigureDbContext<LoginAuditDbContext>(
                options => options.UseSqlite($"Data Source={App.DatabasePath};Default Timeout=2"), ServiceLifetime.Singleton);
        }));
        await LoginAuditAppFactory.CreateUserAsync(app.Services, Email);

        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        HttpResponseMessage response;
        await using (var locker = new SqliteConnection($"Data Source={App.DatabasePath}"))
        {
            await locker.OpenAsync();
            await using var exclusive = locker.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE; INSERT INTO login_log_chain (name, row_id, seq, hash, updated_at) VALUES ('lock', 0, 0, x'00', '2026-01-01');";
            await exclusive.ExecuteNonQueryAsync();

            response = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

            exclusive.CommandText = "ROLLBACK;";
            await exclusive.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("An error occurred while processing your request", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(cookie => cookie.StartsWith(".AspNetCore.Identity.Application=")));
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(0, await db.LoginLogs.CountAsync());
            Assert.Equal(0, await db.LoginSessions.CountAsync());
        }

        Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), record => record.Level >= LogLevel.Error
            && record.Exception?.ToString().Contains("database is locked", StringComparison.Ordinal) == true);
        Assert.DoesNotContain("You are signed in", await browser.GetStringAsync("/"));
    }
}
