using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Coordination;

public static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// The locks that let exactly one instance do each singleton duty (<see cref="SingletonDuties"/>). The database decides
    /// the kind: on SQLite a file lock beside the database file; on PostgreSQL <see cref="PostgresAdvisoryLocks"/> on the
    /// same connection string.
    /// </summary>
    public static IServiceCollection AddLoginAuditCoordination(this IServiceCollection services, LoginAuditDatabase database)
    {
        services.TryAddSingleton<IExclusiveLocks>(database.Provider == DatabaseProvider.PostgreSQL
            ? new PostgresAdvisoryLocks(database.ConnectionString)
            : new FileExclusiveLocks(SqliteConnectionStrings.LockPath(database.ConnectionString)));
        services.TryAddSingleton<SingletonDuties>();
        return services;
    }
}

/// <summary>Makes the <see cref="SingletonDuty"/> of each background service.</summary>
public sealed class SingletonDuties(IExclusiveLocks locks, ILoggerFactory loggers)
{
    public const string ChainSealing = "seal";
    public const string SessionExpiry = "session-expiry";
    public const string RetentionPurge = "retention";
    public const string LoginLogPartitions = "partitions";
    public const string Rollups = "rollups";
    public const string SearchIndex = "search-index";

    /// <summary>A push stream's duty, one per stream (names are letters, digits, '-' and '_': safe in a lock file's name).</summary>
    public static string Stream(string streamName) => "stream-" + streamName;

    public SingletonDuty For(string name) => new(name, locks, loggers.CreateLogger<SingletonDuty>());
}
