using Radzen.Blazor.Rendering;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// Answers for the JavaScript calls whose results Radzen components use right away: charts,
/// gauges and resizable panels ask the browser for their size and fail on a null answer (the
/// loose default). Radzen's own bUnit tests set up the same calls.
/// </summary>
public static class RadzenJSDefaults
{
    /// <summary>The size every Radzen chart, gauge and resizable element is told it has.</summary>
    public static Rect ElementArea => new() { Left = 0, Top = 0, Width = 600, Height = 400 };

    public static void SetupRadzenDefaults(this TestJSRuntime jsRuntime)
    {
        foreach (var sizeQuery in new[] { "Radzen.createChart", "Radzen.createGauge", "Radzen.createResizable", "Radzen.clientRect" })
        {
            jsRuntime.Setup(sizeQuery, ElementArea);
        }

        jsRuntime.Setup("Radzen.createRangeNavigator", new double[] { ElementArea.Width, ElementArea.Height });
    }
}
