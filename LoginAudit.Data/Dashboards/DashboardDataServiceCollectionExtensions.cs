using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.DemoData;
using LoginAudit.Data.Detection;
using LoginAudit.Data.Export;
using LoginAudit.Data.History;
using LoginAudit.Data.Overview;
using LoginAudit.Data.Rollups;
using LoginAudit.Data.UserActivity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.Dashboards;

public static class DashboardDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the dashboards' query services, the duty that keeps their hourly roll-ups, PostgreSQL's search index duty, the exporters (every format) and
    /// the demo-data seeder. They hold no state and open a short-lived context per call from <c>IDbContextFactory</c>, so they
    /// are singletons (safe across circuits). Needs <see cref="DataServiceCollectionExtensions.AddLoginAuditData"/>.
    /// </summary>
    public static IServiceCollection AddLoginAuditDashboardData(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LoginHistoryOptions>();
        services.TryAddSingleton<AuditWindows>();
        services.TryAddSingleton<LoginHistoryService>();
        services.TryAddSingleton<FailureBreakdownService>();
        services.TryAddSingleton<OverviewService>();
        services.TryAddSingleton<UserActivityService>();
        services.TryAddSingleton<SuspiciousActivityService>();
        services.AddHostedService<LoginLogRollupService>();
        services.AddHostedService<PostgreSqlSearchIndexService>();
        services.AddLoginAuditExport();
        services.TryAddSingleton<DemoDataSeeder>();
        return services;
    }
}
