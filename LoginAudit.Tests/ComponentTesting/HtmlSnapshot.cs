using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// The markup of a rendered subtree at one moment, and the same markup parsed into an AngleSharp
/// DOM. The event markers written by <see cref="RenderTreeHtmlWriter"/> are moved out of the DOM
/// into <see cref="EventTargets"/>, so elements look exactly like the markup a person reads.
/// </summary>
internal sealed class HtmlSnapshot
{
    // AngleSharp parsers are not documented as thread-safe, and test classes run in parallel.
    private static readonly ThreadLocal<HtmlParser> Parser = new(() => new HtmlParser());
    private static readonly ConditionalWeakTable<IElement, ElementEventTarget> EventTargets = new();

    private HtmlSnapshot(string markup, IElement body)
    {
        Markup = markup;
        Body = body;
    }

    public string Markup { get; }

    /// <summary>The <c>body</c> element holding the rendered nodes.</summary>
    public IElement Body { get; }

    /// <summary>Must run on the renderer's dispatcher.</summary>
    public static HtmlSnapshot Take(TestRenderer renderer, int componentId)
    {
        var markup = RenderTreeHtmlWriter.Write(renderer, componentId, withEventMarkers: false);
        var markedMarkup = RenderTreeHtmlWriter.Write(renderer, componentId, withEventMarkers: true);
        var document = Parser.Value!.ParseDocument("<!DOCTYPE html><html><head></head><body>" + markedMarkup + "</body></html>");
        var body = document.Body!;
        foreach (var element in body.QuerySelectorAll("*"))
        {
            MoveEventMarkers(renderer, element);
        }

        return new HtmlSnapshot(markup, body);
    }

    public static ElementEventTarget? GetEventTarget(IElement element) =>
        EventTargets.TryGetValue(element, out var target) ? target : null;

    private static void MoveEventMarkers(TestRenderer renderer, IElement element)
    {
        var markers = element.Attributes
            .Where(attribute => attribute.Name.StartsWith(RenderTreeHtmlWriter.MarkerPrefix, StringComparison.Ordinal))
            .ToList();
        if (markers.Count == 0)
        {
            return;
        }

        var componentId = 0;
        var handlers = new Dictionary<string, ulong>(StringComparer.OrdinalIgnoreCase);
        foreach (var marker in markers)
        {
            if (marker.Name == RenderTreeHtmlWriter.ComponentMarker)
            {
                componentId = int.Parse(marker.Value);
            }
            else
            {
                handlers[marker.Name[RenderTreeHtmlWriter.MarkerPrefix.Length..]] = ulong.Parse(marker.Value);
            }

            element.RemoveAttribute(marker.Name);
        }

        EventTargets.Add(element, new ElementEventTarget(renderer, componentId, handlers));
    }
}

/// <summary>Where events raised on one element of a snapshot go: handler ids by event name ("onclick").</summary>
internal sealed record ElementEventTarget(TestRenderer Renderer, int ComponentId, IReadOnlyDictionary<string, ulong> Handlers);
