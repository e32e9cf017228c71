using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.Live;

public static class LiveFeedServiceCollectionExtensions
{
    /// <summary>
    /// The live event feed open pages subscribe to: this instance's rows as they are written, and those of other instances on
    /// the same database through <see cref="IOtherInstancesEvents"/> (on SQLite <see cref="LoginLogTail"/>; on PostgreSQL
    /// it will be <see cref="PostgresEventNotifications"/>).
    /// </summary>
    public static IServiceCollection AddLoginAuditLiveFeed(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LoginEventFeed>();
        services.TryAddSingleton<IOtherInstancesEvents, LoginLogTail>();
        services.AddHostedService<OtherInstancesRelay>();
        return services;
    }
}
