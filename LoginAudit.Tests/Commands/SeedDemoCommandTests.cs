using LoginAudit.Data;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Commands;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Commands;

public sealed class SeedDemoCommandTests
{
    [Fact]
    public async Task Run_EmptyDatabase_SeedsAndReportsRowsPerSecond()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await SeedDemoCommand.RunAsync(Services(database), 500, 5, 3, force: false, output, error, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"Seeded 500 rows .* rows/s\.", output.ToString());
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task Run_DatabaseWithRealData_ExitsWithOneAndSaysWhy()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(User("u-real", "someone@example.com"));
        var error = new StringWriter();

        var exitCode = await SeedDemoCommand.RunAsync(Services(database), 500, 5, 3, force: false, TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("--force", error.ToString());
    }

    private static ServiceProvider Services(TemporaryDatabase database) =>
        new ServiceCollection()
            .AddSingleton<IDbContextFactory<LoginAuditDbContext>>(database)
            .AddSingleton(TimeProvider.System)
            .BuildServiceProvider();
}
