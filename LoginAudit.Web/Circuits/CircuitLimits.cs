namespace LoginAudit.Web.Circuits;

/// <summary>
/// <c>LoginAudit:Circuits</c>: what an interactive page (a Blazor circuit) may hold on the server, and for how long.
/// Each open admin page keeps its components and render buffers in memory (README, "Memory per open page"); a
/// disconnected one keeps them until it is evicted. The defaults are tighter than Blazor's own.
/// </summary>
public sealed class CircuitLimits
{
    public const string SectionName = "LoginAudit:Circuits";

    /// <summary>Disconnected circuits kept for a reconnection (Blazor's default: 100); the oldest is evicted past it.</summary>
    public int DisconnectedMaxRetained { get; set; } = 50;

    /// <summary>How long a disconnected circuit waits for its browser to come back (Blazor's default: 3 minutes).</summary>
    public TimeSpan DisconnectedRetentionPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Render batches sent to a browser that has not acknowledged them (Blazor's default: 10); past it, rendering waits.</summary>
    public int MaxBufferedUnacknowledgedRenderBatches { get; set; } = 5;

    /// <summary>How long the server waits for a JavaScript call to answer (Blazor's default: 1 minute).</summary>
    public TimeSpan JSInteropCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest message a browser may send to its circuit, in bytes (SignalR's default: 32 KB).</summary>
    public long MaximumReceiveMessageSize { get; set; } = 32 * 1024;

    /// <summary>Evicted circuits' persisted state kept in memory (.NET 10's default: 1,000).</summary>
    public int PersistedMaxRetained { get; set; } = 100;

    /// <summary>How long an evicted circuit's persisted state is kept (.NET 10's default: 2 hours).</summary>
    public TimeSpan PersistedRetentionPeriod { get; set; } = TimeSpan.FromMinutes(10);
}
