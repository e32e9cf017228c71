using LoginAudit.Data.Dashboards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.Export;

public static class ExportServiceCollectionExtensions
{
    /// <summary>The exporters of every <see cref="ExportFormat"/>: stateless singletons over <c>IDbContextFactory</c>.</summary>
    public static IServiceCollection AddLoginAuditExport(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditWindows>();
        services.TryAddSingleton<LoginLogCsvExporter>();
        services.TryAddSingleton<LoginLogJsonLinesExporter>();
        services.TryAddSingleton<LoginHistoryExporter>();
        return services;
    }
}
