using LoginAudit.Data.Coordination;
using LoginAudit.Data.Telemetry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data;

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "LoginAudit";

    /// <summary>
    /// Registers <see cref="LoginAuditDbContext"/>: a factory for short-lived contexts (components, the audit
    /// writer, background work) and a scoped context for Identity's stores.
    /// </summary>
    public static IServiceCollection AddLoginAuditData(this IServiceCollection services, IConfiguration configuration)
    {
        var database = LoginAuditDatabase.FromConfiguration(configuration);
        services.AddSingleton(database);

        services.AddOptions<LoginAuditOptions>()
            .Bind(configuration.GetSection(LoginAuditOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoginAuditOptions>, LoginAuditOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLoginAuditMetrics();
        // Identity's stores and its model both read the schema version from here (see LoginAuditDbContext.OnConfiguring).
        services.Configure<IdentityOptions>(identity => identity.Stores.SchemaVersion = LoginAuditDbContext.IdentitySchemaVersion);

        services.AddDbContextFactory<LoginAuditDbContext>((provider, options) =>
            database.Configure(options, provider.GetRequiredService<IOptions<LoginAuditOptions>>().Value.Database.Synchronous));
        services.TryAddScoped(provider => provider.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContext());

        // The database provides the locks of the singleton duties (its kind decides theirs).
        services.AddLoginAuditCoordination(database);
        return services;
    }
}
