using LoginAudit.Tests.ComponentTesting.TestComponents;
using Microsoft.AspNetCore.Components.Web;
using Radzen.Blazor;

namespace LoginAudit.Tests.ComponentTesting;

public sealed class RadzenRenderingTests : ComponentTestContext
{
    [Fact]
    public void RadzenButton_Click_RunsClickCallback()
    {
        var clicks = 0;
        var button = Render<RadzenButton>(p => p
            .Add(c => c.Text, "Export CSV")
            .Add(c => c.Click, (MouseEventArgs _) => clicks++));

        button.Find("button").Click();

        Assert.Equal("Export CSV", button.Find("button").TextContent.Trim());
        Assert.Equal(1, clicks);
    }

    [Fact]
    public void RadzenButton_UnmatchedAttribute_IsRenderedOnTheButton()
    {
        var button = Render<RadzenButton>(p => p.Add(c => c.Text, "Export CSV").AddUnmatched("data-testid", "export"));

        Assert.Equal("Export CSV", button.Find("button[data-testid=export]").TextContent.Trim());
    }

    [Fact]
    public void RadzenDataGrid_WithRows_ShowsColumnTitlesAndCells()
    {
        var grid = Render<SignInGrid>(p => p.Add(c => c.Rows,
        [
            new("ada@example.com", "Succeeded"),
            new("mallory@example.com", "Failed"),
        ]));

        Assert.Equal(["User", "Outcome"], grid.FindAll("th .rz-column-title").Select(title => title.TextContent.Trim()));
        var rows = grid.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["mallory@example.com", "Failed"], rows[1].QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()));
    }

    [Fact]
    public void RadzenButtonInsideComponent_Click_ComponentRerenders()
    {
        var grid = Render<SignInGrid>(p => p.Add(c => c.Rows, []));

        grid.Find("button.rz-button").Click();

        Assert.Equal("Refreshed 1 times", grid.Find(".refreshes").TextContent);
    }

    [Fact]
    public void RadzenDataGrid_AfterFirstRender_CallsItsJavaScriptSetup()
    {
        Render<SignInGrid>(p => p.Add(c => c.Rows, []));

        Assert.Single(JSRuntime.InvocationsOf("Radzen.createDataGrid"));
    }
}
