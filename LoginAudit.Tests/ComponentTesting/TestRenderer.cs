using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// A renderer with no browser behind it: it keeps the render tree in memory, counts renders per
/// component, signals every finished batch to waiting tests, and keeps the exceptions components
/// throw so the test that caused them sees them.
/// </summary>
public sealed class TestRenderer : Renderer
{
    private readonly object _gate = new();
    private readonly Dictionary<int, int> _renderCounts = new();
    private readonly List<Exception> _unhandledExceptions = new();
    private TaskCompletionSource _nextBatch = NewBatchSignal();
    private int _batchCount;

    public TestRenderer(IServiceProvider services)
        : base(services, NullLoggerFactory.Instance)
    {
    }

    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    /// <summary>The components under test run as they would in an interactive Blazor Server circuit.</summary>
    protected override RendererInfo RendererInfo { get; } = new("Server", isInteractive: true);

    /// <summary>Grows by one with every render batch; snapshots compare it to know when they are stale.</summary>
    internal int BatchCount
    {
        get { lock (_gate) return _batchCount; }
    }

    /// <summary>Completes when the next render batch has been applied, or a component has thrown.</summary>
    internal Task NextBatch
    {
        get { lock (_gate) return _nextBatch.Task; }
    }

    internal int GetRenderCount(int componentId)
    {
        lock (_gate) return _renderCounts.GetValueOrDefault(componentId);
    }

    internal ArrayRange<RenderTreeFrame> GetFrames(int componentId) => GetCurrentRenderTreeFrames(componentId);

    internal int AttachRoot(IComponent component) => AssignRootComponentId(component);

    internal Task RenderRootAsync(int componentId) => RenderRootComponentAsync(componentId);

    /// <summary>Rethrows (once) the first exception a component threw since the last call.</summary>
    public void ThrowIfUnhandledException()
    {
        Exception? first;
        lock (_gate)
        {
            first = _unhandledExceptions.FirstOrDefault();
            _unhandledExceptions.Clear();
        }

        // Failures of OnAfterRenderAsync arrive wrapped; the test wants the component's own exception.
        if (first is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            first = aggregate.InnerExceptions[0];
        }

        if (first is not null)
        {
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    protected override void HandleException(Exception exception)
    {
        lock (_gate) _unhandledExceptions.Add(exception);

        // Waiting tests must wake up to report the failure instead of timing out.
        SignalBatch();
    }

    protected override Task UpdateDisplayAsync(in RenderBatch renderBatch)
    {
        lock (_gate)
        {
            for (var i = 0; i < renderBatch.UpdatedComponents.Count; i++)
            {
                var componentId = renderBatch.UpdatedComponents.Array[i].ComponentId;
                _renderCounts[componentId] = _renderCounts.GetValueOrDefault(componentId) + 1;
            }

            _batchCount++;
        }

        SignalBatch();
        return Task.CompletedTask;
    }

    private void SignalBatch()
    {
        TaskCompletionSource finished;
        lock (_gate)
        {
            finished = _nextBatch;
            _nextBatch = NewBatchSignal();
        }

        finished.TrySetResult();
    }

    private static TaskCompletionSource NewBatchSignal() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
