using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.Telemetry;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>LoginAudit's meter (<see cref="LoginAuditMetrics"/>); idempotent, so each feature that records asks for it.</summary>
    public static IServiceCollection AddLoginAuditMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<LoginAuditMetrics>();
        return services;
    }
}
