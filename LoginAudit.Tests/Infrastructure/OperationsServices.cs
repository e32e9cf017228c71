using LoginAudit.Data;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Integrity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>The app's data, auditing and integrity services over a test database, without a host (so no background service runs).</summary>
public static class OperationsServices
{
    public static ServiceProvider Build(string connectionString, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        Build(new Dictionary<string, string?> { ["ConnectionStrings:LoginAudit"] = connectionString }, clock, settings);

    public static ServiceProvider Build(TemporaryDatabase database, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        Build(database.Settings, clock, settings);

    private static ServiceProvider Build(IReadOnlyDictionary<string, string?> databaseSettings, TimeProvider? clock, IReadOnlyDictionary<string, string?>? settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(databaseSettings)
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection().AddLogging();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddLoginAuditData(configuration);
        services.AddLoginAuditIdentity();
        services.AddLoginAuditIntegrity();
        return services.BuildServiceProvider();
    }
}
