using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Live;

public static class LiveFeedServiceCollectionExtensions
{
    /// <summary>
    /// The live event feed open pages subscribe to: this instance's rows as they are written, and those of other instances on
    /// the same database through <see cref="IOtherInstancesEvents"/>, which the database decides: on SQLite
    /// <see cref="LoginLogTail"/> (a read of new ids each interval), on PostgreSQL <see cref="PostgresEventNotifications"/>
    /// (LISTEN/NOTIFY, which the audit writer sends once per group commit).
    /// </summary>
    public static IServiceCollection AddLoginAuditLiveFeed(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LoginEventFeed>();
        services.TryAddSingleton<IOtherInstancesEvents>(provider => provider.GetService<LoginAuditDatabase>() is { Provider: DatabaseProvider.PostgreSQL } database
            ? new PostgresEventNotifications(
                database.ConnectionString, provider.GetRequiredService<ILogger<PostgresEventNotifications>>(), provider.GetRequiredService<TimeProvider>())
            : ActivatorUtilities.CreateInstance<LoginLogTail>(provider));
        services.AddHostedService<OtherInstancesRelay>();
        return services;
    }
}
