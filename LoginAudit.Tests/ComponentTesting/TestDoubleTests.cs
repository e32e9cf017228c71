using LoginAudit.Tests.ComponentTesting.TestComponents;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace LoginAudit.Tests.ComponentTesting;

public sealed class TestDoubleTests : ComponentTestContext
{
    [Fact]
    public void AuthorizeView_Anonymous_ShowsNotAuthorizedContent()
    {
        var status = Render<AccountStatus>();

        Assert.Equal("Please sign in", status.Find(".anonymous").TextContent);
        Assert.Empty(status.FindAll(".user, .admin"));
    }

    [Fact]
    public void AuthorizeView_SignedInUser_ShowsNameButNoAdminContent()
    {
        Authentication.SetUser("ada@example.com");

        var status = Render<AccountStatus>();

        Assert.Equal("Signed in as ada@example.com", status.Find(".user").TextContent);
        Assert.Empty(status.FindAll(".admin, .anonymous"));
    }

    [Fact]
    public void AuthorizeView_Admin_ShowsAdminContent()
    {
        Authentication.SetAdmin("root@example.com");

        var status = Render<AccountStatus>();

        Assert.Equal("Admin tools", status.Find(".admin").TextContent);
        Assert.Equal("Signed in as root@example.com", status.Find(".user").TextContent);
    }

    [Fact]
    public void AuthorizeView_UserSignsInAfterRender_ContentUpdates()
    {
        var status = Render<AccountStatus>();

        Authentication.SetUser("ada@example.com");

        status.WaitForAssertion(() => Assert.Equal("Signed in as ada@example.com", status.Find(".user").TextContent));
    }

    [Fact]
    public void AuthorizeRouteView_AdminOnlyPageForUser_ShowsNotAuthorizedContent()
    {
        Authentication.SetUser("ada@example.com");

        var page = RenderAdminOnlyPageRoute();

        Assert.Equal("You are not allowed here", page.Markup.Trim());
    }

    [Fact]
    public void AuthorizeRouteView_AdminOnlyPageForAdmin_ShowsPage()
    {
        Authentication.SetAdmin();

        var page = RenderAdminOnlyPageRoute();

        Assert.Equal("Audit settings", page.Find("h1").TextContent);
    }

    [Fact]
    public void NavigateTo_FromComponent_IsRecordedWithQueryString()
    {
        var search = Render<SearchBox>();

        search.Find("input.query").Change("failed logins");
        search.Find("button.search").Click();

        var navigation = Assert.Single(Navigation.History);
        Assert.False(navigation.ForceLoad);
        Assert.Equal("logins?q=failed%20logins&page=1", Navigation.RelativeUri);
        Assert.Equal("failed logins", Navigation.GetQueryParameter("q"));
        Assert.Equal("1", Navigation.GetQueryParameter("page"));
    }

    [Fact]
    public void NavigateTo_FromTest_RaisesLocationChanged()
    {
        string? changedTo = null;
        Navigation.LocationChanged += (_, e) => changedTo = e.Location;
        Render<Counter>();

        Navigation.NavigateTo("admin/logins", replace: true);

        Assert.Equal("http://localhost/admin/logins", changedTo);
        Assert.True(Navigation.History[^1].ReplaceHistoryEntry);
    }

    [Fact]
    public void JSRuntime_SetUpResult_IsReturnedAndCallRecorded()
    {
        JSRuntime.Setup("loginAudit.copyToClipboard", true);
        var button = Render<CopyButton>(p => p.Add(c => c.Text, "203.0.113.7"));

        button.Find("button").Click();

        Assert.Equal("Copied", button.Find(".copy-result").TextContent);
        var call = Assert.Single(JSRuntime.InvocationsOf("loginAudit.copyToClipboard"));
        Assert.Equal(["203.0.113.7"], call.Arguments);
    }

    [Fact]
    public void JSRuntime_LooseModeCallNotSetUp_ReturnsDefault()
    {
        var button = Render<CopyButton>(p => p.Add(c => c.Text, "x"));

        button.Find("button").Click();

        Assert.Equal("Copy failed", button.Find(".copy-result").TextContent);
    }

    [Fact]
    public void JSRuntime_StrictModeCallNotSetUp_ThrowsNamingTheCall()
    {
        JSRuntime.Strict = true;
        var button = Render<CopyButton>(p => p.Add(c => c.Text, "x"));

        var error = Assert.Throws<InvalidOperationException>(() => button.Find("button").Click());

        Assert.Contains("'loginAudit.copyToClipboard'", error.Message);
    }

    [Fact]
    public void TimeProvider_ManualClockInLocalZone_IsWhatComponentsShow()
    {
        Time.SetUtcNow(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        Time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2"));
        Time.Advance(TimeSpan.FromMinutes(5));

        var clock = Render<LocalClock>();

        Assert.Equal("2026-03-01 10:05", clock.Find("time").TextContent);
    }

    // What the router does for a page: AuthorizeRouteView honours the page's [Authorize].
    private RenderedComponent<AuthorizeRouteView> RenderAdminOnlyPageRoute() =>
        Render<AuthorizeRouteView>(p => p
            .Add(c => c.RouteData, new RouteData(typeof(AdminOnlyPage), new Dictionary<string, object?>()))
            .Add(c => c.NotAuthorized, _ => builder => builder.AddContent(0, "You are not allowed here")));
}
