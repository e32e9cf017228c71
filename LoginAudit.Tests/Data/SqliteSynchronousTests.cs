using LoginAudit.Data;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Data;

/// <summary><c>LoginAudit:Database:Synchronous</c> reaches every connection EF Core opens.</summary>
public sealed class SqliteSynchronousTests
{
    [Theory]
    [InlineData(null, 1L)]
    [InlineData("Normal", 1L)]
    [InlineData("Full", 2L)]
    public async Task ContextConnection_UsesTheConfiguredSynchronousMode(string? setting, long expected)
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["LoginAudit:Database:Synchronous"] = setting };
        await using var services = OperationsServices.Build(database.ConnectionString, settings: settings);

        await using var db = await services.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous";

        Assert.Equal(expected, await command.ExecuteScalarAsync());
    }
}
