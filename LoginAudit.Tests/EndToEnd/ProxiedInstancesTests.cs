using System.Text.RegularExpressions;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>The proxied browser tests on SQLite.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SqliteProxiedInstancesTests(ChromiumFixture chromium, SqliteProxiedInstances instances, ITestOutputHelper output)
    : ProxiedInstancesTests(chromium, instances, output), IClassFixture<SqliteProxiedInstances>;

/// <summary>The proxied browser tests on PostgreSQL.</summary>
[Collection(EndToEndCollection.Name)]
[OnPostgreSql]
public sealed class PostgreSqlProxiedInstancesTests(ChromiumFixture chromium, PostgreSqlProxiedInstances instances, ITestOutputHelper output)
    : ProxiedInstancesTests(chromium, instances, output), IClassFixture<PostgreSqlProxiedInstances>;

/// <summary>Chromium through a real nginx to two instances on one database: one product, whichever instance answers.</summary>
public abstract partial class ProxiedInstancesTests(ChromiumFixture chromium, ProxiedInstancesFixture instances, ITestOutputHelper output)
    : BrowserTest(chromium, instances, output)
{
    /// <summary>What a browser sends as its own X-Forwarded-For, hoping to be stored as someone else.</summary>
    private const string ForgedAddress = "203.0.113.66";

    [ProxiedBrowserFact]
    public async Task Session_SignedInOnOneInstance_IsServedSignedInByTheOther()
    {
        var email = NewEmail("moved");
        await instances.CreateUserAsync(email);
        var page = await PageOnAsync(instances.App);
        await page.SignInAsync(email, UserPassword);

        // The browser moves to the other instance, as when its own is stopped; its cookies stay the same.
        await page.Context.AddCookiesAsync([AffinityCookie(await instances.AffinityForAsync(instances.Other))]);
        var manage = await page.GotoAsync("Account/Manage");

        Assert.Equal(200, manage!.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Manage$"));
        Assert.Contains(instances.Other.Logs.GetSnapshot(), record => record.Message.Contains("/Account/Manage ", StringComparison.Ordinal));
        await page.GotoAsync("");
        await page.WaitForInteractiveAsync(AccountPages.ThemeToggleSelector);
        await Expect(page.GetByText("You are signed in as")).ToContainTextAsync(email);
    }

    [ProxiedBrowserFact]
    public async Task SignInOnOneInstance_ShowsUpLiveOnAnAdminPageOpenOnTheOther()
    {
        var email = NewEmail("live");
        var account = await instances.CreateUserAsync(email);
        var admin = await PageOnAsync(instances.Other);
        await admin.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        // Filtered by the account (which the counter can judge from a notice): other tests' rows, which the other
        // instance may hear of in the same read, are not this page's news.
        await admin.GotoAsync($"admin/logins?uid={Uri.EscapeDataString(account.Id)}");
        // The page is static; its notice alone connects a circuit (and subscribes to the feed as it starts).
        await Expect(admin.Locator(".new-events-notice[data-live=true]")).ToHaveCountAsync(1);
        var user = await PageOnAsync(instances.App);

        await user.SignInAsync(email, UserPassword);

        // On SQLite the other instance reads new rows each LoginAudit:Live:OtherInstancesInterval of its (test) clock; on
        // PostgreSQL it is told by NOTIFY, and the clock's advances do nothing.
        var notice = admin.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = NewEventsPattern() });
        await Eventually.HoldsAsync(
            async () =>
            {
                instances.Other.Clock.Advance(TimeSpan.FromSeconds(1));
                return await notice.CountAsync() == 1;
            },
            TimeSpan.FromSeconds(20),
            () => "the admin page on the other instance shows no new event");
        await notice.GetByRole(AriaRole.Link, new() { Name = "Refresh" }).ClickAsync();
        await Expect(admin.Locator(".history-grid tbody tr").Filter(new() { HasText = email })).ToHaveCountAsync(1);
    }

    [ProxiedBrowserFact]
    public async Task StoredAddress_IsTheBrowsersAsNginxForwardedIt_NotOneTheBrowserForged()
    {
        var email = NewEmail("forwarded");
        await instances.CreateUserAsync(email);
        var page = await PageOnAsync(instances.App);
        await page.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["X-Forwarded-For"] = ForgedAddress });

        await page.SignInAsync(email, UserPassword);

        // Chromium reached nginx from ::1; nginx reached the instance from 127.0.0.1 (the trusted proxy).
        var row = Assert.Single(await instances.LoginLogsOfAsync(email));
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
        Assert.Equal("::1", row.IpAddress);
    }

    private async Task<IPage> PageOnAsync(LoginAuditAppFactory instance) =>
        await NewPageAsync([AffinityCookie(await instances.AffinityForAsync(instance))]);

    private Cookie AffinityCookie(string value) =>
        new() { Name = ProxiedInstancesFixture.AffinityCookie, Value = value, Url = instances.BaseAddress.ToString() };

    [GeneratedRegex(@"^1 new event\b")]
    private static partial Regex NewEventsPattern();
}
