using System.Diagnostics;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// A rendered subtree: its markup, child components included, and CSS queries over it. Markup
/// and elements are snapshots: they are taken again after every render, so query again (or use
/// <see cref="WaitForAssertion"/>) after something changed.
/// </summary>
public class RenderedFragment
{
    private readonly object _snapshotGate = new();
    private HtmlSnapshot? _snapshot;
    private int _snapshotBatch = -1;

    internal RenderedFragment(TestRenderer renderer, int componentId)
    {
        Renderer = renderer;
        ComponentId = componentId;
    }

    /// <summary>
    /// How long the WaitFor methods wait when no timeout is given: an upper bound, generous
    /// for a busy two-core CI machine; a passing wait returns at the first render that satisfies it.
    /// </summary>
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The HTML of the subtree as the browser would receive it, without event handler attributes.</summary>
    public string Markup => Snapshot().Markup;

    /// <summary>How many times the component has rendered.</summary>
    public int RenderCount => Renderer.GetRenderCount(ComponentId);

    internal TestRenderer Renderer { get; }

    internal int ComponentId { get; }

    /// <summary>The first element matching <paramref name="cssSelector"/>.</summary>
    /// <exception cref="ElementNotFoundException">Nothing matches.</exception>
    public IElement Find(string cssSelector)
    {
        var snapshot = Snapshot();
        return snapshot.Body.QuerySelector(cssSelector)
            ?? throw new ElementNotFoundException(cssSelector, snapshot.Markup);
    }

    /// <summary>Every element matching <paramref name="cssSelector"/>, in document order; empty when none does.</summary>
    public IReadOnlyList<IElement> FindAll(string cssSelector) =>
        Snapshot().Body.QuerySelectorAll(cssSelector).ToList();

    /// <summary>The first component of type <typeparamref name="TChild"/> in the subtree (depth first).</summary>
    public RenderedComponent<TChild> FindComponent<TChild>()
        where TChild : IComponent =>
        FindComponents<TChild>().FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"No {typeof(TChild).Name} component was rendered. Markup:{Environment.NewLine}{Markup}");

    /// <summary>Every component of type <typeparamref name="TChild"/> in the subtree (depth first).</summary>
    public IReadOnlyList<RenderedComponent<TChild>> FindComponents<TChild>()
        where TChild : IComponent =>
        Renderer.Dispatcher.InvokeAsync(() =>
        {
            var found = new List<RenderedComponent<TChild>>();
            CollectComponents(ComponentId, found);
            return found;
        }).GetAwaiter().GetResult();

    /// <summary>Waits until <paramref name="predicate"/> holds, checking again after every render.</summary>
    /// <exception cref="WaitForFailedException">It still does not hold when the timeout passes.</exception>
    public void WaitForState(Func<bool> predicate, TimeSpan? timeout = null) =>
        WaitForAssertion(
            () =>
            {
                if (!predicate())
                {
                    throw new WaitForFailedException("The state predicate returned false.");
                }
            },
            timeout);

    /// <summary>Waits until <paramref name="assertion"/> passes, running it again after every render.</summary>
    /// <exception cref="WaitForFailedException">It still fails when the timeout passes; holds its last failure.</exception>
    public void WaitForAssertion(Action assertion, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWaitTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Taken before the check, so a render that happens during the check is not missed.
            var nextBatch = Renderer.NextBatch;
            Renderer.ThrowIfUnhandledException();
            Exception failure;
            try
            {
                assertion();
                return;
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            var remaining = limit - clock.Elapsed;
            if (remaining <= TimeSpan.Zero || !nextBatch.Wait(remaining))
            {
                Renderer.ThrowIfUnhandledException();
                // A failed Find already shows the markup.
                var markup = failure is ElementNotFoundException ? string.Empty : $"{Environment.NewLine}Markup:{Environment.NewLine}{Markup}";
                throw new WaitForFailedException(
                    $"Still failing after {limit.TotalSeconds:0.###} s: {failure.Message}{markup}",
                    failure);
            }
        }
    }

    private HtmlSnapshot Snapshot()
    {
        lock (_snapshotGate)
        {
            if (_snapshot is null || _snapshotBatch != Renderer.BatchCount)
            {
                (_snapshot, _snapshotBatch) = Renderer.Dispatcher
                    .InvokeAsync(() => (HtmlSnapshot.Take(Renderer, ComponentId), Renderer.BatchCount))
                    .GetAwaiter().GetResult();
            }

            return _snapshot;
        }
    }

    private void CollectComponents<TChild>(int componentId, List<RenderedComponent<TChild>> found)
        where TChild : IComponent
    {
        var frames = Renderer.GetFrames(componentId);
        for (var i = 0; i < frames.Count; i++)
        {
            ref var frame = ref frames.Array[i];
            if (frame.FrameType != RenderTreeFrameType.Component)
            {
                continue;
            }

            if (frame.Component is TChild child)
            {
                found.Add(new RenderedComponent<TChild>(Renderer, frame.ComponentId, child));
            }

            CollectComponents(frame.ComponentId, found);
        }
    }
}
