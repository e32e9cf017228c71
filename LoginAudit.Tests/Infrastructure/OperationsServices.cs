using LoginAudit.Data;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Integrity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>The app's data, auditing and integrity services over a test database, without a host (so no background service runs).</summary>
public static class OperationsServices
{
    public static ServiceProvider Build(string connectionString, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:LoginAudit"] = connectionString })
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
