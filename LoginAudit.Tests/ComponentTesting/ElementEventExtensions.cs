using System.Globalization;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Web;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// Raises DOM events on elements found in a rendered component; the component's real handlers
/// run and it re-renders as in the browser. The plain methods return once the synchronous part
/// of the handler and the render it causes are done (wait for the rest with WaitForAssertion);
/// the Async methods complete when the handler has finished. Events do not bubble: raise them
/// on the element that has the handler.
/// </summary>
public static class ElementEventExtensions
{
    /// <summary>Clicks the element; a submit button also submits its form, as in the browser.</summary>
    public static void Click(this IElement element, MouseEventArgs? args = null)
    {
        var form = FormSubmittedBy(element);
        if (form is null || HasHandler(element, "onclick"))
        {
            element.TriggerEvent("onclick", args ?? NewClick());
        }

        form?.Submit();
    }

    /// <inheritdoc cref="Click"/>
    public static async Task ClickAsync(this IElement element, MouseEventArgs? args = null)
    {
        var form = FormSubmittedBy(element);
        if (form is null || HasHandler(element, "onclick"))
        {
            await element.TriggerEventAsync("onclick", args ?? NewClick());
        }

        if (form is not null)
        {
            await form.SubmitAsync();
        }
    }

    /// <summary>The element's value changes (onchange, what <c>@bind</c> listens to): text, or a bool for a checkbox.</summary>
    public static void Change(this IElement element, object? value) =>
        element.TriggerEvent("onchange", new ChangeEventArgs { Value = AsBrowserValue(value) }, AsBrowserValue(value));

    /// <inheritdoc cref="Change"/>
    public static Task ChangeAsync(this IElement element, object? value) =>
        element.TriggerEventAsync("onchange", new ChangeEventArgs { Value = AsBrowserValue(value) }, AsBrowserValue(value));

    /// <summary>The user types (oninput, what <c>@bind:event="oninput"</c> listens to).</summary>
    public static void Input(this IElement element, object? value) =>
        element.TriggerEvent("oninput", new ChangeEventArgs { Value = AsBrowserValue(value) }, AsBrowserValue(value));

    /// <inheritdoc cref="Input"/>
    public static Task InputAsync(this IElement element, object? value) =>
        element.TriggerEventAsync("oninput", new ChangeEventArgs { Value = AsBrowserValue(value) }, AsBrowserValue(value));

    /// <summary>Submits a form (an EditForm validates, then runs OnSubmit or OnValidSubmit).</summary>
    public static void Submit(this IElement form) => form.TriggerEvent("onsubmit", EventArgs.Empty);

    /// <inheritdoc cref="Submit"/>
    public static Task SubmitAsync(this IElement form) => form.TriggerEventAsync("onsubmit", EventArgs.Empty);

    /// <summary>A key goes down, e.g. <c>KeyDown("Enter")</c>.</summary>
    public static void KeyDown(this IElement element, string key, bool ctrlKey = false, bool shiftKey = false) =>
        element.KeyDown(new KeyboardEventArgs { Key = key, CtrlKey = ctrlKey, ShiftKey = shiftKey });

    /// <inheritdoc cref="KeyDown(IElement, string, bool, bool)"/>
    public static void KeyDown(this IElement element, KeyboardEventArgs args) =>
        element.TriggerEvent("onkeydown", WithType(args, "keydown"));

    /// <inheritdoc cref="KeyDown(IElement, string, bool, bool)"/>
    public static Task KeyDownAsync(this IElement element, KeyboardEventArgs args) =>
        element.TriggerEventAsync("onkeydown", WithType(args, "keydown"));

    /// <summary>
    /// Raises any event by its attribute name ("onclick", "onfocus"...) and returns after the
    /// synchronous part of the handler. <paramref name="fieldValue"/>, when given, is the
    /// element's new value, which <c>@bind</c> needs to keep the rendered value in step.
    /// </summary>
    public static void TriggerEvent(this IElement element, string eventName, EventArgs args, object? fieldValue = null)
    {
        var (renderer, started) = Start(element, eventName, args, fieldValue);
        var handling = Unwrap(started, element, eventName).GetAwaiter().GetResult();
        if (handling.IsCompleted)
        {
            handling.GetAwaiter().GetResult();
        }

        renderer.ThrowIfUnhandledException();
    }

    /// <summary>Like <see cref="TriggerEvent"/>, but completes when the handler has finished.</summary>
    public static async Task TriggerEventAsync(this IElement element, string eventName, EventArgs args, object? fieldValue = null)
    {
        var (renderer, started) = Start(element, eventName, args, fieldValue);
        await await Unwrap(started, element, eventName);
        renderer.ThrowIfUnhandledException();
    }

    private static (TestRenderer Renderer, Task<Task> Started) Start(
        IElement element, string eventName, EventArgs args, object? fieldValue)
    {
        var target = HtmlSnapshot.GetEventTarget(element);
        if (target is null || !target.Handlers.TryGetValue(eventName, out var handlerId))
        {
            throw MissingHandler(element, eventName);
        }

        var fieldInfo = fieldValue is null
            ? null
            : new EventFieldInfo { ComponentId = target.ComponentId, FieldValue = fieldValue };
        var renderer = target.Renderer;

        // The outer task completes when the handler's synchronous part and its render are done,
        // the inner one when the handler has finished.
        var started = renderer.Dispatcher.InvokeAsync<Task>(
            () => renderer.DispatchEventAsync(handlerId, fieldInfo, args));
        return (renderer, started);
    }

    private static async Task<Task> Unwrap(Task<Task> started, IElement element, string eventName)
    {
        try
        {
            return await started;
        }
        catch (ArgumentException exception) when (exception.Message.StartsWith("There is no event handler", StringComparison.Ordinal))
        {
            throw new MissingEventHandlerException(
                $"The {eventName} handler of <{element.LocalName}> is gone: the component re-rendered it since the element was found. Find the element again.");
        }
    }

    // A browser sends a checkbox's state as a bool and every other value as text, which is what
    // @bind's converters expect: Change(42) on a number input arrives as "42".
    private static object? AsBrowserValue(object? value) => value switch
    {
        null or bool or string or string[] => value,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static IElement? FormSubmittedBy(IElement element)
    {
        var isSubmitButton =
            (element.LocalName == "button" && (element.GetAttribute("type") ?? "submit").Equals("submit", StringComparison.OrdinalIgnoreCase))
            || (element.LocalName == "input" && string.Equals(element.GetAttribute("type"), "submit", StringComparison.OrdinalIgnoreCase));
        var form = isSubmitButton ? element.Closest("form") : null;
        return form is not null && HasHandler(form, "onsubmit") ? form : null;
    }

    private static bool HasHandler(IElement element, string eventName) =>
        HtmlSnapshot.GetEventTarget(element)?.Handlers.ContainsKey(eventName) == true;

    private static MouseEventArgs NewClick() => new() { Type = "click", Detail = 1 };

    private static KeyboardEventArgs WithType(KeyboardEventArgs args, string type)
    {
        args.Type = type;
        return args;
    }

    private static MissingEventHandlerException MissingHandler(IElement element, string eventName)
    {
        var ancestorWithHandler = element.Ancestors<IElement>().FirstOrDefault(ancestor => HasHandler(ancestor, eventName));
        var hint = ancestorWithHandler is null
            ? string.Empty
            : $" Its ancestor <{ancestorWithHandler.LocalName}> has one: events do not bubble here, raise it there.";
        return new MissingEventHandlerException(
            $"<{element.LocalName}> has no {eventName} handler.{hint} Element: {element.OuterHtml}");
    }
}
