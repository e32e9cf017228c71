using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.Throttling;

public static class ThrottlingServiceCollectionExtensions
{
    /// <summary>The sign-in throttle's decision (the web app's rate limiter asks it), device cookies and escalating lockouts.</summary>
    public static IServiceCollection AddLoginAuditSignInThrottle(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddSingleton<DeviceCookies>();
        services.TryAddSingleton<DeviceFailures>();
        services.TryAddSingleton<LockoutEscalation>();
        return services;
    }
}
