using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;
using Radzen;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// Renders components in memory for a test, with the services of an interactive Blazor Server
/// circuit replaced by test doubles. Add or replace services before the first render; dispose
/// the context at the end of the test (or derive the test class from it: xunit disposes it).
/// </summary>
public class ComponentTestContext : IAsyncDisposable, IDisposable
{
    private ServiceProvider? _rootServices;
    private AsyncServiceScope? _circuitScope;
    private TestRenderer? _renderer;
    private bool _disposed;

    static ComponentTestContext()
    {
        // The synchronous API blocks the test's thread (a thread-pool thread under xunit) while
        // component continuations need another pool thread. On a two-core machine the pool starts
        // with two threads and adds one only every half second or so, which made waits that
        // should take microseconds take 0.5 s. A few spare threads from the start avoid that.
        ThreadPool.GetMinThreads(out var workerThreads, out var completionPortThreads);
        ThreadPool.SetMinThreads(Math.Max(workerThreads, 16), completionPortThreads);
    }

    public ComponentTestContext()
    {
        Services.AddLogging();
        Services.AddAuthorizationCore();
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(Authentication);
        Services.AddSingleton<NavigationManager>(Navigation);
        Services.AddSingleton<IJSRuntime>(JSRuntime);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<AntiforgeryStateProvider, TestAntiforgeryStateProvider>();
        Services.AddRadzenComponents();
        JSRuntime.SetupRadzenDefaults();
    }

    /// <summary>The services components can inject; locked at the first render.</summary>
    public IServiceCollection Services { get; } = new ServiceCollection();

    /// <summary>Who is signed in (anonymous until set).</summary>
    public TestAuthenticationStateProvider Authentication { get; } = new();

    public RecordingNavigationManager Navigation { get; } = new();

    public TestJSRuntime JSRuntime { get; } = new();

    /// <summary>
    /// The clock components see: a fixed, unremarkable instant (2026-01-15 09:30 UTC, local zone UTC) so tests that never
    /// set it still agree; it moves only when the test moves it, and timers created through it fire on <c>Advance</c>.
    /// </summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero));

    /// <summary>The services of the test's circuit; building them locks <see cref="Services"/>.</summary>
    public IServiceProvider ServiceProvider => CircuitScope.ServiceProvider;

    /// <summary>The renderer, created with the first render.</summary>
    public TestRenderer Renderer => _renderer ??= CreateRenderer();

    private AsyncServiceScope CircuitScope
    {
        get
        {
            if (_circuitScope is null)
            {
                ((ServiceCollection)Services).MakeReadOnly();
                _rootServices = Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

                // Blazor Server resolves scoped services once per circuit; one test is one circuit.
                _circuitScope = _rootServices.CreateAsyncScope();
            }

            return _circuitScope.Value;
        }
    }

    /// <summary>Renders <typeparamref name="TComponent"/> with the given parameters and cascading values.</summary>
    public RenderedComponent<TComponent> Render<TComponent>(
        Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        var builder = new ComponentParameterCollectionBuilder<TComponent>();
        parameters?.Invoke(builder);

        TComponent? instance = default;
        var root = RenderRoot(builder.Build(component => instance = component));
        if (instance is null)
        {
            throw new InvalidOperationException($"{typeof(TComponent).Name} was not rendered.");
        }

        var componentId = new RenderedFragment(Renderer, root.ComponentId).FindComponents<TComponent>()
            .First(found => ReferenceEquals(found.Instance, instance))
            .ComponentId;
        return new RenderedComponent<TComponent>(Renderer, componentId, instance, root.Component, builder);
    }

    /// <summary>Renders a fragment, e.g. <c>@&lt;AuthorizeView&gt;...&lt;/AuthorizeView&gt;</c> from a .razor file.</summary>
    public RenderedFragment Render(RenderFragment fragment) =>
        new(Renderer, RenderRoot(fragment).ComponentId);

    /// <summary>Runs code on the renderer's dispatcher, where components may be told about changes.</summary>
    public Task InvokeAsync(Action action) => Renderer.Dispatcher.InvokeAsync(action);

    /// <inheritdoc cref="InvokeAsync(Action)"/>
    public Task InvokeAsync(Func<Task> action) => Renderer.Dispatcher.InvokeAsync(action);

    public async ValueTask DisposeAsync()
    {
        // Test frameworks may call both Dispose and DisposeAsync.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_renderer is not null)
        {
            await _renderer.Dispatcher.InvokeAsync(async () => await _renderer.DisposeAsync());
        }

        if (_circuitScope is not null)
        {
            await _circuitScope.Value.DisposeAsync();
        }

        if (_rootServices is not null)
        {
            await _rootServices.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private TestRenderer CreateRenderer()
    {
        var renderer = new TestRenderer(ServiceProvider);
        Navigation.Dispatcher = renderer.Dispatcher;
        return renderer;
    }

    private (RootComponent Component, int ComponentId) RenderRoot(RenderFragment content)
    {
        var renderer = Renderer;
        var root = new RootComponent(content);
        var rendering = renderer.Dispatcher.InvokeAsync(() =>
        {
            var componentId = renderer.AttachRoot(root);

            // Only the synchronous part of the first render is awaited, as in the browser:
            // asynchronous initialisation finishes later (see WaitForState and WaitForAssertion).
            var firstRender = renderer.RenderRootAsync(componentId);
            return (componentId, firstRender);
        }).GetAwaiter().GetResult();

        if (rendering.firstRender.IsFaulted)
        {
            rendering.firstRender.GetAwaiter().GetResult();
        }

        renderer.ThrowIfUnhandledException();
        return (root, rendering.componentId);
    }
}
