using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.Alerts;

public static class AlertServiceCollectionExtensions
{
    /// <summary>Alerts about new-device and new-location sign-ins: the background dispatcher, .eml e-mail by default, the page notices.</summary>
    public static IServiceCollection AddLoginAuditAlerts(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        services.TryAddSingleton<AlertRateLimiter>();
        services.TryAddSingleton<SignInNotices>();
        services.AddHttpClient(SignInAlertDispatcher.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<SignInAlertDispatcher>();
        return services;
    }
}
