using LoginAudit.Data.Dashboards;
using Radzen;

namespace LoginAudit.Web.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    public const string ThemeCookieName = "loginaudit-theme";
    public const string LightTheme = "material";
    public const string DarkTheme = "material-dark";

    /// <summary>Radzen components (dialogs, notifications, tooltips) and the light/dark theme, remembered in a cookie.</summary>
    public static IServiceCollection AddLoginAuditDashboard(this IServiceCollection services)
    {
        services.AddLoginAuditDashboardData();
        services.AddScoped<BrowserTimeZone>();
        services.AddRadzenComponents();
        services.AddRadzenCookieThemeService(options =>
        {
            options.Name = ThemeCookieName;
            options.Duration = TimeSpan.FromDays(365);
        });
        return services;
    }
}
