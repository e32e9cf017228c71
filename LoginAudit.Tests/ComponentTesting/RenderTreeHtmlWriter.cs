using System.Text;
using Microsoft.AspNetCore.Components.RenderTree;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// Writes the current render tree of a component, child components included, as HTML, following
/// the rules of Blazor's own static HTML renderer (void elements, boolean attributes, textarea and
/// select values). Event handlers never appear as attributes; with <c>withEventMarkers</c> they are
/// written as <c>blazor:onclick="12"</c> markers (plus the owning component id) so the DOM
/// snapshot can route events back to the renderer.
/// </summary>
internal sealed class RenderTreeHtmlWriter
{
    internal const string MarkerPrefix = "blazor:";
    internal const string ComponentMarker = MarkerPrefix + "component";

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    };

    private readonly TestRenderer _renderer;
    private readonly bool _withEventMarkers;
    private readonly StringBuilder _html = new();
    private string? _selectValue;

    private RenderTreeHtmlWriter(TestRenderer renderer, bool withEventMarkers)
    {
        _renderer = renderer;
        _withEventMarkers = withEventMarkers;
    }

    /// <summary>Must run on the renderer's dispatcher, so the tree does not change while it is read.</summary>
    public static string Write(TestRenderer renderer, int componentId, bool withEventMarkers)
    {
        var writer = new RenderTreeHtmlWriter(renderer, withEventMarkers);
        writer.WriteComponent(componentId);
        return writer._html.ToString();
    }

    private void WriteComponent(int componentId)
    {
        var frames = _renderer.GetFrames(componentId);
        WriteFrames(componentId, frames.Array, 0, frames.Count);
    }

    private void WriteFrames(int componentId, RenderTreeFrame[] frames, int start, int end)
    {
        var position = start;
        while (position < end)
        {
            position = WriteFrame(componentId, frames, position);
        }
    }

    /// <returns>The position of the next sibling frame.</returns>
    private int WriteFrame(int componentId, RenderTreeFrame[] frames, int position)
    {
        ref var frame = ref frames[position];
        switch (frame.FrameType)
        {
            case RenderTreeFrameType.Element:
                return WriteElement(componentId, frames, position);
            case RenderTreeFrameType.Text:
                AppendEncoded(frame.TextContent, inAttribute: false);
                return position + 1;
            case RenderTreeFrameType.Markup:
                _html.Append(frame.MarkupContent);
                return position + 1;
            case RenderTreeFrameType.Component:
                WriteComponent(frame.ComponentId);
                return position + frame.ComponentSubtreeLength;
            case RenderTreeFrameType.Region:
                WriteFrames(componentId, frames, position + 1, position + frame.RegionSubtreeLength);
                return position + frame.RegionSubtreeLength;
            default:
                // Element and component reference captures, render modes and named events render nothing.
                return position + 1;
        }
    }

    private int WriteElement(int componentId, RenderTreeFrame[] frames, int position)
    {
        ref var element = ref frames[position];
        var name = element.ElementName;
        var end = position + element.ElementSubtreeLength;
        var isSelect = name.Equals("select", StringComparison.OrdinalIgnoreCase);
        string? textareaValue = null;
        string? selectValue = null;
        var hasEventHandlers = false;

        _html.Append('<').Append(name);
        var child = position + 1;
        for (; child < end && frames[child].FrameType == RenderTreeFrameType.Attribute; child++)
        {
            ref var attribute = ref frames[child];
            if (attribute.AttributeEventHandlerId != 0)
            {
                hasEventHandlers = true;
                if (_withEventMarkers)
                {
                    AppendAttribute(MarkerPrefix + attribute.AttributeName, attribute.AttributeEventHandlerId.ToString());
                }

                continue;
            }

            // @onclick:preventDefault and @onclick:stopPropagation instructions for the browser.
            if (attribute.AttributeName.StartsWith("__internal_", StringComparison.Ordinal))
            {
                continue;
            }

            var value = attribute.AttributeValue as string;
            if (attribute.AttributeName == "value" && name.Equals("textarea", StringComparison.OrdinalIgnoreCase))
            {
                textareaValue = value;
                continue;
            }

            if (attribute.AttributeName == "value" && isSelect)
            {
                selectValue = value;
                continue;
            }

            if (attribute.AttributeName == "value"
                && name.Equals("option", StringComparison.OrdinalIgnoreCase)
                && value is not null
                && value == _selectValue)
            {
                _html.Append(" selected");
            }

            if (attribute.AttributeValue is true)
            {
                _html.Append(' ').Append(attribute.AttributeName);
            }
            else if (value is not null)
            {
                AppendAttribute(attribute.AttributeName, value);
            }
        }

        if (_withEventMarkers && hasEventHandlers)
        {
            AppendAttribute(ComponentMarker, componentId.ToString());
        }

        _html.Append('>');
        if (VoidElements.Contains(name))
        {
            return end;
        }

        if (textareaValue is not null)
        {
            AppendEncoded(textareaValue, inAttribute: false);
        }

        var outerSelectValue = _selectValue;
        if (isSelect)
        {
            _selectValue = selectValue;
        }

        WriteFrames(componentId, frames, child, end);
        _selectValue = outerSelectValue;
        _html.Append("</").Append(name).Append('>');
        return end;
    }

    private void AppendAttribute(string name, string value)
    {
        _html.Append(' ').Append(name).Append("=\"");
        AppendEncoded(value, inAttribute: true);
        _html.Append('"');
    }

    private void AppendEncoded(string text, bool inAttribute)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => _html.Append("&amp;"),
                '<' => _html.Append("&lt;"),
                '>' => _html.Append("&gt;"),
                '"' when inAttribute => _html.Append("&quot;"),
                _ => _html.Append(c),
            };
        }
    }
}
