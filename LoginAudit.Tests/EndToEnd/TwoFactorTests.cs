using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// Two-factor sign-in as a person does it: the authenticator is set up through the Manage pages (key read from the
/// page, code computed as an authenticator app would), then used to sign in.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TwoFactorTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    [BrowserFact]
    public async Task EnableAuthenticator_ThroughManagePages_KeepsTheSessionSignedIn()
    {
        var email = NewEmail("enable-2fa");
        await Page.RegisterAsync(email, UserPassword);

        await EnableAuthenticatorAsync(Page);

        // Setting up the authenticator changes the security stamp twice (new key, 2FA on); the session must survive both.
        await Page.GotoAsync("");
        await Page.ExpectSignedInAsync(email);
        var rows = await Server.LoginLogsOfAsync(email);
        var signIn = Assert.Single(rows);
        Assert.Equal((LoginEventType.SignInSucceeded, SignInMethod.Direct), (signIn.EventType, signIn.SignInMethod));
        await Page.GotoAsync("Account/Manage/TwoFactorAuthentication");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Disable 2FA" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task SignIn_WithAuthenticatorCode_RecordsTwoFactorRequiredThenAuthenticatorSignIn()
    {
        var email = NewEmail("two-factor");
        var (key, _) = await RegisterWithAuthenticatorAsync(email);

        await Page.SubmitSignInAsync(email, UserPassword);
        await Page.WaitForURLAsync("**/Account/LoginWith2fa**");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication" })).ToBeVisibleAsync();
        await ScreenshotAsync(Page, "login-with-2fa");
        var pending = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal(LoginEventType.TwoFactorRequired, pending.EventType);
        Assert.Null(pending.SessionId);

        await Page.Locator("[name='Input.TwoFactorCode']").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();

        await Page.ExpectSignedInAsync(email);
        var row = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
        Assert.True(row.Succeeded);
        Assert.Equal(SignInMethod.Authenticator, row.SignInMethod);
        Assert.Equal(await Server.UserIdAsync(email), row.UserId);
        Assert.Equal("127.0.0.1", row.IpAddress);
        Assert.Matches("^[0-9a-f]{32}$", row.SessionId);
    }

    [BrowserFact]
    public async Task SignIn_WithWrongAuthenticatorCode_ShowsErrorAndRecordsInvalidTwoFactorCode()
    {
        var email = NewEmail("two-factor-wrong");
        var (key, _) = await RegisterWithAuthenticatorAsync(email);
        await Page.SubmitSignInAsync(email, UserPassword);
        await Page.WaitForURLAsync("**/Account/LoginWith2fa**");

        await Page.Locator("[name='Input.TwoFactorCode']").FillAsync(WrongCode(key));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();

        await Expect(Page.GetByText("Invalid authenticator code")).ToBeVisibleAsync();
        var row = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal(LoginEventType.SignInFailed, row.EventType);
        Assert.False(row.Succeeded);
        Assert.Equal(LoginFailureReason.InvalidTwoFactorCode, row.FailureReason);
        Assert.Null(row.SessionId);
    }

    [BrowserFact]
    public async Task SignIn_WithRecoveryCode_RecordsRecoveryCodeSignIn()
    {
        var email = NewEmail("recovery");
        var (_, recoveryCodes) = await RegisterWithAuthenticatorAsync(email);
        await Page.SubmitSignInAsync(email, UserPassword);
        await Page.WaitForURLAsync("**/Account/LoginWith2fa**");

        await Page.GetByRole(AriaRole.Link, new() { Name = "log in with a recovery code" }).ClickAsync();
        await Page.WaitForURLAsync("**/Account/LoginWithRecoveryCode**");
        await Page.Locator("[name='Input.RecoveryCode']").FillAsync(recoveryCodes[0]);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();

        await Page.ExpectSignedInAsync(email);
        var row = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
        Assert.Equal(SignInMethod.RecoveryCode, row.SignInMethod);
        Assert.Matches("^[0-9a-f]{32}$", row.SessionId);
    }

    /// <summary>
    /// Registers (in another browser), sets up the authenticator through the Manage pages with a code computed from the
    /// key the page shows, and signs out; returns the key and the recovery codes the page showed.
    /// </summary>
    private async Task<(string Key, string[] RecoveryCodes)> RegisterWithAuthenticatorAsync(string email)
    {
        var page = await NewPageAsync();
        await page.RegisterAsync(email, UserPassword);
        var result = await EnableAuthenticatorAsync(page);
        await page.SignOutWithNavMenuAsync();
        return result;
    }

    /// <summary>Sets up the authenticator app for the signed-in user, as a person does on the Manage pages.</summary>
    private static async Task<(string Key, string[] RecoveryCodes)> EnableAuthenticatorAsync(IPage page)
    {
        await page.GotoAsync("Account/Manage/TwoFactorAuthentication");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add authenticator app" })).ToHaveAttributeAsync("href", "Account/Manage/EnableAuthenticator");

        // Opened as a full page load rather than by the link's enhanced navigation, and verified once the page is quiet:
        // both steps change the security stamp, and with the stamp checked on every request (as these tests configure
        // it), a request still in flight then (the favicon the enhanced navigation fetches alongside) answers with a
        // renewed cookie carrying the old stamp, which revokes the session. See README, "Configuration".
        await page.GotoAsync("Account/Manage/EnableAuthenticator");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var key = (await page.Locator("kbd").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.Locator("[name='Input.Code']").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(page.GetByText("Your authenticator app has been verified.")).ToBeVisibleAsync();
        var recoveryCodes = (await page.Locator("code.recovery-code").AllInnerTextsAsync()).ToArray();
        Assert.Equal(10, recoveryCodes.Length);
        return (key, recoveryCodes);
    }

    /// <summary>A six-digit code that no time step near now produces for this key (Identity accepts a few steps either side).</summary>
    private static string WrongCode(string key)
    {
        var now = DateTimeOffset.UtcNow;
        var valid = Enumerable.Range(-3, 7).Select(step => Totp.Code(key, now.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6")).First(code => !valid.Contains(code));
    }
}
