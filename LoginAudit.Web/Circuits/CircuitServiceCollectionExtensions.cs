using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LoginAudit.Web.Circuits;

public static class CircuitServiceCollectionExtensions
{
    /// <summary>
    /// The interactive pages (Blazor Server) with the memory bounds of <see cref="CircuitLimits"/>, validated at start.
    /// </summary>
    public static IServiceCollection AddLoginAuditCircuits(this IServiceCollection services)
    {
        services.AddOptions<CircuitLimits>().BindConfiguration(CircuitLimits.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CircuitLimits>, CircuitLimitsValidator>());
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddOptions<CircuitOptions>().Configure<IOptions<CircuitLimits>>((circuits, limits) =>
        {
            circuits.DisconnectedCircuitMaxRetained = limits.Value.DisconnectedMaxRetained;
            circuits.DisconnectedCircuitRetentionPeriod = limits.Value.DisconnectedRetentionPeriod;
            circuits.MaxBufferedUnacknowledgedRenderBatches = limits.Value.MaxBufferedUnacknowledgedRenderBatches;
            circuits.JSInteropDefaultCallTimeout = limits.Value.JSInteropCallTimeout;
            circuits.PersistedCircuitInMemoryMaxRetained = limits.Value.PersistedMaxRetained;
            circuits.PersistedCircuitInMemoryRetentionPeriod = limits.Value.PersistedRetentionPeriod;
        });

        // The defaults of every hub, which each hub's own options start from: Blazor's is the app's only hub.
        services.AddOptions<HubOptions>().Configure<IOptions<CircuitLimits>>((hub, limits) =>
            hub.MaximumReceiveMessageSize = limits.Value.MaximumReceiveMessageSize);
        return services;
    }
}
