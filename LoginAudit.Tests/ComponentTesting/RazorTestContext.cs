using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// Base class for tests written in a .razor file (<c>@inherits RazorTestContext</c>), where
/// components under test are written as markup: <c>Render(@&lt;Counter Start="1" /&gt;)</c>.
/// Razor compiles such a file into a component class; this supplies what that class needs.
/// </summary>
public abstract class RazorTestContext : ComponentTestContext, IHandleEvent
{
    /// <summary>The test file's own markup, if any, is never rendered.</summary>
    protected virtual void BuildRenderTree(RenderTreeBuilder builder)
    {
    }

    // Callbacks written in test markup (OnCountChanged="c => count = c") have the test as their
    // receiver; they run as plain delegates, since the test itself is not a rendered component.
    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem item, object? arg) => item.InvokeAsync(arg);
}
