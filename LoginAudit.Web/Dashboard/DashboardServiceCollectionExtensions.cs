using LoginAudit.Data.Dashboards;
using LoginAudit.Web.Components.Shared;

namespace LoginAudit.Web.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>The dashboard's query services and the reader's time zone (one per circuit).</summary>
    public static IServiceCollection AddLoginAuditDashboard(this IServiceCollection services)
    {
        services.AddLoginAuditDashboardData();
        services.AddScoped<BrowserTimeZone>();
        return services;
    }
}
