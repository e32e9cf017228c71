using Microsoft.AspNetCore.Components;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// The parent of everything a test renders: it renders a fragment, and renders it again when a
/// test changes parameters, the way a real parent component passes new parameters to its child.
/// </summary>
internal sealed class RootComponent(RenderFragment content) : IComponent
{
    private RenderHandle _renderHandle;
    private RenderFragment _content = content;

    public void Attach(RenderHandle renderHandle) => _renderHandle = renderHandle;

    public Task SetParametersAsync(ParameterView parameters)
    {
        _renderHandle.Render(_content);
        return Task.CompletedTask;
    }

    /// <summary>Must run on the renderer's dispatcher.</summary>
    public void Render(RenderFragment content)
    {
        _content = content;
        _renderHandle.Render(content);
    }
}
