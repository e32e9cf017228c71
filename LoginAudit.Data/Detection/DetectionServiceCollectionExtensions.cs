using LoginAudit.Data.Geo;
using LoginAudit.Data.Networks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.Detection;

public static class DetectionServiceCollectionExtensions
{
    /// <summary>
    /// Geolocation, networks and suspicious sign-in detection for <see cref="Auditing.LoginAuditRecorder"/>: one shared
    /// <see cref="IpGeolocator"/> (its database is mapped once per process), <see cref="AsnDatabase"/> and the detector.
    /// </summary>
    public static IServiceCollection AddLoginAuditDetection(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => IpGeolocator.OpenDefault(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(_ => AsnDatabase.OpenDefault());
        services.TryAddSingleton<SuspiciousSignInDetector>();
        services.TryAddSingleton<NetworkZones>();
        services.TryAddSingleton<ZoneCheck>();
        return services;
    }
}
