using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Components.Pages.Admin.History;
using Microsoft.AspNetCore.Http;

namespace LoginAudit.Tests.History;

/// <summary>
/// The history page (rendered statically) over HTTP: its columns form posted back to the page (admin-only,
/// antiforgery-checked, post-redirect-get into a cookie), and the filter form's custom range sent in the reader's zone.
/// </summary>
public sealed class HistoryPageRequestsTests : AppTest
{
    private const string FormSelector = "form.column-chooser";

    private async Task<HttpClient> AdminAsync()
    {
        var admin = App.CreateBrowser();
        await admin.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);
        return admin;
    }

    private static async Task<IDocument> PageAsync(HttpClient browser, string path) =>
        new HtmlParser().ParseDocument(await browser.GetStringAsync(path));

    private static IReadOnlyList<string> Headings(IDocument page) =>
        page.QuerySelectorAll(".history-grid thead th a.history-sort").Select(link => link.TextContent.Replace("↑", "").Replace("↓", "").Trim()).ToList();

    /// <summary>The columns form as the browser posts it: its hidden fields (form name, token), the ticked columns, and <paramref name="extra"/>.</summary>
    private static async Task<HttpResponseMessage> PostColumnsAsync(HttpClient browser, string path, IEnumerable<string> shown, params (string Name, string Value)[] extra)
    {
        var form = (await PageAsync(browser, path)).QuerySelector(FormSelector)!;
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(input => new KeyValuePair<string, string>(input.GetAttribute("name")!, input.GetAttribute("value") ?? ""))
            .Concat(shown.Select(column => new KeyValuePair<string, string>("shown", column)))
            .Concat(extra.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)));
        return await browser.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    private static IEnumerable<string> AllColumnsBut(string hidden) => HistoryColumns.All.Select(column => column.ToString()).Where(column => column != hidden);

    [Fact]
    public async Task ColumnsForm_HideOutcome_RedirectsToTheSameViewWhichRendersWithoutIt()
    {
        var admin = await AdminAsync();

        var response = await PostColumnsAsync(admin, "/admin/logins?out=fail&sort=User", AllColumnsBut("Outcome"), ("dense", "true"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/admin/logins?out=fail&sort=User", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var page = await PageAsync(admin, response.Headers.Location!.ToString());
        Assert.DoesNotContain("Outcome", Headings(page));
        Assert.Contains("User", Headings(page));
        Assert.NotNull(page.QuerySelector(".history-grid.mud-table-dense"));
        Assert.Null(page.QuerySelector(".column-chooser-item[data-column=Outcome] input:checked"));
    }

    [Fact]
    public async Task ColumnsForm_MoveUserEarlierWithComfortableRows_ReordersTheHeadingsAndRemembersIt()
    {
        var admin = await AdminAsync();

        var response = await PostColumnsAsync(admin, "/admin/logins", HistoryColumns.All.Select(column => column.ToString()), ("move", "User:-1"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await PageAsync(admin, "/admin/logins?r=7d");
        Assert.Equal(["Time", "Event", "User", "Outcome"], Headings(page).Take(4));
        Assert.Null(page.QuerySelector(".history-grid.mud-table-dense"));
        Assert.Null(page.QuerySelector(".history-density input:checked"));
    }

    [Fact]
    public async Task ColumnsForm_Reset_BringsBackTheDefaultOrder()
    {
        var admin = await AdminAsync();
        await PostColumnsAsync(admin, "/admin/logins", AllColumnsBut("Event"), ("move", "User:-1"), ("dense", "true"));

        await PostColumnsAsync(admin, "/admin/logins", AllColumnsBut("Event"), ("reset", "true"), ("dense", "true"));

        Assert.Equal(HistoryColumns.All.Select(HistoryColumns.Title), Headings(await PageAsync(admin, "/admin/logins")));
    }

    [Fact]
    public async Task ColumnsForm_WithoutAntiforgeryToken_IsRefusedAndSavesNothing()
    {
        var admin = await AdminAsync();

        var response = await admin.PostAsync("/admin/logins", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "history-columns",
            ["shown"] = "Time",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(cookie => cookie.StartsWith(ColumnLayoutCookie.Name, StringComparison.Ordinal)));
        Assert.Equal(HistoryColumns.All.Select(HistoryColumns.Title), Headings(await PageAsync(admin, "/admin/logins")));
    }

    [Fact]
    public async Task ColumnsForm_NonAdminWithAValidToken_Answers403()
    {
        await App.CreateUserAsync("ivan@example.com");
        var ivan = App.CreateBrowser();
        await ivan.SignInAsync("ivan@example.com", LoginAuditAppFactory.UserPassword);

        // Ivan's own valid token (from his sign-ins page), posted with the history's form name.
        var signIns = await PageAsync(ivan, "/account/sign-ins");
        var token = signIns.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await ivan.PostAsync("/admin/logins", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "history-columns",
            ["__RequestVerificationToken"] = token,
            ["shown"] = "Time",
        }));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public void ColumnLayoutCookie_OfAnotherAdmin_IsTheDefault()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"{ColumnLayoutCookie.Name}={Uri.EscapeDataString("u-other/User,Time,-Event|comfortable")}";

        Assert.Equal(ColumnLayout.Default, ColumnLayoutCookie.Read(context, "u-me"));
        Assert.Equal("User,Time,-Event,Outcome,Ip,Browser,Os,Device,Location,Network,Risk,Suspicious|comfortable", ColumnLayoutCookie.Read(context, "u-other").Serialize());
    }

    [Theory]
    [InlineData(new[] { "Time" }, null, "Time,-Event,-Outcome,-User,-Ip,-Browser,-Os,-Device,-Location,-Network,-Risk,-Suspicious|comfortable")]
    [InlineData(new string[0], "Ip:1", "Time,Event,Outcome,User,Browser,Ip,Os,Device,Location,Network,Risk,Suspicious|comfortable")]
    [InlineData(new[] { "Time", "Bogus" }, "Time:-1", "Time,-Event,-Outcome,-User,-Ip,-Browser,-Os,-Device,-Location,-Network,-Risk,-Suspicious|comfortable")]
    [InlineData(new[] { "Time", "User" }, "User:7", "Time,-Event,-Outcome,User,-Ip,-Browser,-Os,-Device,-Location,-Network,-Risk,-Suspicious|comfortable")]
    public void ColumnsForm_PostedValues_GiveTheLayoutAndIgnoreWhatIsUnknown(string[] ticked, string? move, string expected)
    {
        var posted = ColumnChooser.Posted(ColumnLayout.Default, ticked, move, dense: false, reset: false);

        Assert.Equal(expected, posted.Serialize());
    }

    [Theory]
    [InlineData("q=ada&r=custom&from=2026-11-17T09%3A30&to=2026-11-17T10%3A00&zone=Europe%2FBerlin&sort=User",
        "r=custom&from=2026-11-17T08%3A30%3A00Z&to=2026-11-17T09%3A00%3A00Z&q=ada&sort=User")]
    [InlineData("r=7d&from=&to=&zone=UTC&q=", "r=7d")]
    public async Task FilterForm_RangeSentWithTheReadersZone_RedirectsToTheViewInUtc(string sent, string shown)
    {
        var admin = await AdminAsync();

        var response = await admin.GetAsync("/admin/logins?" + sent);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/admin/logins?" + shown, response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
