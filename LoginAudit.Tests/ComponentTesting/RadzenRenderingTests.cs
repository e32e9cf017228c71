using LoginAudit.Tests.ComponentTesting.TestComponents;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Radzen;
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

    [Fact]
    public void RadzenChart_LineSeries_ShowsCategoriesOnTheAxis()
    {
        var chart = Render<SignInChart>(p => p.Add(c => c.Hours, [new("08:00", 3), new("09:00", 7)]));

        Assert.Single(chart.FindAll(".rz-line-series"));
        Assert.Equal(["08:00", "09:00"], chart.FindAll(".rz-category-axis .rz-tick-text").Select(tick => tick.TextContent));
    }

    [Fact]
    public void RadzenDialogConfirm_UserConfirms_ComponentActsAndNotifies()
    {
        var page = Render<DeleteSignIns>();

        page.Find("button.delete").Click();
        page.WaitForAssertion(() => Assert.Equal("Delete 3 sign-ins?", page.Find(".rz-dialog-confirm-message").TextContent));
        page.Find(".rz-dialog-confirm-buttons button").Click();

        page.WaitForAssertion(() => Assert.Equal("Deleted", page.Find(".status").TextContent));
        Assert.Contains("3 sign-ins deleted", page.Find(".rz-notification").TextContent);
        Assert.Empty(page.FindAll(".rz-dialog"));
    }

    [Fact]
    public async Task InvokeAsync_ServiceCalledFromTest_HostedComponentShowsIt()
    {
        var page = Render<DeleteSignIns>();
        var notifications = ServiceProvider.GetRequiredService<NotificationService>();

        await InvokeAsync(() => notifications.Notify(NotificationSeverity.Warning, "Export is slow"));

        page.WaitForAssertion(() => Assert.Contains("Export is slow", page.Find(".rz-notification").TextContent));
    }
}
