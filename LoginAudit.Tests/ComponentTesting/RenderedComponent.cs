using Microsoft.AspNetCore.Components;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>A rendered component: its instance, its markup and the means to pass it new parameters.</summary>
public sealed class RenderedComponent<TComponent> : RenderedFragment
    where TComponent : IComponent
{
    private readonly RootComponent? _root;
    private readonly ComponentParameterCollectionBuilder<TComponent>? _parameters;

    internal RenderedComponent(TestRenderer renderer, int componentId, TComponent instance)
        : base(renderer, componentId)
    {
        Instance = instance;
    }

    internal RenderedComponent(
        TestRenderer renderer,
        int componentId,
        TComponent instance,
        RootComponent root,
        ComponentParameterCollectionBuilder<TComponent> parameters)
        : this(renderer, componentId, instance)
    {
        _root = root;
        _parameters = parameters;
    }

    public TComponent Instance { get; }

    /// <summary>
    /// Passes changed parameters and waits for the render they cause. Parameters not named keep
    /// the value they had. For a component rendered by the test, the test's root passes the full
    /// merged set, as a real parent re-rendering does; for one found with FindComponent the
    /// parameters go straight to the instance, and cascading values cannot be changed.
    /// </summary>
    public void SetParametersAndRender(Action<ComponentParameterCollectionBuilder<TComponent>> parameters)
    {
        var update = new ComponentParameterCollectionBuilder<TComponent>();
        parameters(update);

        if (_root is not null && _parameters is not null)
        {
            _parameters.Merge(update);
            var content = _parameters.Build(_ => { });
            Renderer.Dispatcher.InvokeAsync(() => _root.Render(content)).GetAwaiter().GetResult();
        }
        else
        {
            if (update.HasCascadingValues)
            {
                throw new InvalidOperationException(
                    $"Cascading values of a {typeof(TComponent).Name} found inside another component come from its ancestors; change them there.");
            }

            var parameterView = ParameterView.FromDictionary(update.Parameters.ToDictionary());
            var setting = Renderer.Dispatcher
                .InvokeAsync<Task>(() => Instance.SetParametersAsync(parameterView))
                .GetAwaiter().GetResult();

            // Only a synchronous failure is reported here; later ones reach the renderer.
            if (setting.IsFaulted)
            {
                setting.GetAwaiter().GetResult();
            }
        }

        Renderer.ThrowIfUnhandledException();
    }
}
