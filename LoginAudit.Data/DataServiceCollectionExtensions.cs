using LoginAudit.Data.Coordination;
using LoginAudit.Data.Sqlite;
using LoginAudit.Data.Telemetry;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
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
        var connectionString = SqliteConnectionStrings.Normalize(
            configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"The connection string 'ConnectionStrings:{ConnectionStringName}' is missing. Set it in appsettings.json or as the environment variable ConnectionStrings__{ConnectionStringName}, for example \"Data Source=loginaudit.db\"."));

        services.AddOptions<LoginAuditOptions>()
            .Bind(configuration.GetSection(LoginAuditOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoginAuditOptions>, LoginAuditOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLoginAuditMetrics();
        // Identity's stores and its model both read the schema version from here (see LoginAuditDbContext.OnConfiguring).
        services.Configure<IdentityOptions>(identity => identity.Stores.SchemaVersion = LoginAuditDbContext.IdentitySchemaVersion);

        services.AddDbContextFactory<LoginAuditDbContext>((provider, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqliteSynchronousInterceptor(provider.GetRequiredService<IOptions<LoginAuditOptions>>().Value.Database.Synchronous)));
        services.TryAddScoped(provider => provider.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContext());

        // The database provides the locks of the singleton duties (its kind decides theirs).
        services.AddLoginAuditCoordination(SqliteConnectionStrings.LockPath(connectionString));
        return services;
    }
}

/// <summary>How LoginAudit opens SQLite, whoever configured the connection string.</summary>
public static class SqliteConnectionStrings
{
    /// <summary>
    /// A relative file is placed next to the application (not the working directory, so commands work from
    /// anywhere), and a busy timeout lets concurrent writers wait for the write lock instead of failing.
    /// </summary>
    public static string Normalize(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new InvalidOperationException("The LoginAudit connection string names no SQLite file (Data Source).");
        }

        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(AppContext.BaseDirectory, builder.DataSource);
        }

        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    /// <summary>Where the singleton duties' lock files go: beside the database file (an in-memory database gets a private path).</summary>
    public static string LockPath(string normalizedConnectionString)
    {
        var builder = new SqliteConnectionStringBuilder(normalizedConnectionString);
        return builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory
            ? Path.Combine(Path.GetTempPath(), $"loginaudit-memory-{Guid.NewGuid():N}")
            : builder.DataSource;
    }
}
