using LoginAudit.Data.Geo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.Detection;

public static class DetectionServiceCollectionExtensions
{
    /// <summary>
    /// Geolocation and suspicious sign-in detection for <see cref="Auditing.LoginAuditRecorder"/>: one shared
    /// <see cref="IpGeolocator"/> (its database is mapped once per process) and the detector.
    /// </summary>
    public static IServiceCollection AddLoginAuditDetection(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => IpGeolocator.OpenDefault(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SuspiciousSignInDetector>();
        return services;
    }
}
