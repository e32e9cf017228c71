using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;

namespace LoginAudit.Web.Components.Account.Shared;

/// <summary>
/// A password field that never renders the typed password back: Blazor's <c>InputText type="password"</c> writes the
/// bound value into the <c>value</c> attribute when a failed form is shown again, where it lands in the response's
/// HTML, in caches and in screenshots. The value still binds from the posted form.
/// </summary>
public sealed class InputPassword : InputText
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "input");
        builder.AddMultipleAttributes(1, AdditionalAttributes);
        builder.AddAttribute(2, "type", "password");
        builder.AddAttribute(3, "name", NameAttributeValue);
        builder.AddAttribute(4, "class", CssClass);
        builder.AddAttribute(5, "onchange", EventCallback.Factory.CreateBinder<string?>(this, value => CurrentValueAsString = value, CurrentValueAsString));
        builder.AddElementReferenceCapture(6, element => Element = element);
        builder.CloseElement();
    }
}
