using LoginAudit.Data.Auditing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// Passkeys as a person uses them, with Chromium's virtual authenticator (DevTools protocol, user-verifying, resident
/// keys): registered on the Manage pages, then used on the login page; each step checked in <c>login_logs</c>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PasskeyTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    [BrowserFact]
    public async Task PasskeySignIn_WithChromiumsVirtualAuthenticator_RecordsPasskeyAddedAndAPasskeySessionForIt()
    {
        var email = NewEmail("passkey");
        await AddVirtualAuthenticatorAsync(Page);
        await Page.RegisterAsync(email, UserPassword);
        await AddPasskeyAsync(Page, "Test laptop");
        await Page.SignOutWithNavMenuAsync();

        await Page.GotoAsync("Account/Login");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in with a passkey" }).ClickAsync();

        await Page.ExpectSignedInAsync(email);
        var rows = await Server.LoginLogsOfAsync(email);
        var added = Assert.Single(rows, row => row.EventType == LoginEventType.PasskeyAdded);
        Assert.Matches("^passkey=[0-9a-f]{8}$", added.ErrorCode);
        Assert.Single(rows, row => row.EventType == LoginEventType.PasskeyRenamed && row.ErrorCode == added.ErrorCode);
        var signIn = rows[^1];
        Assert.Equal((LoginEventType.SignInSucceeded, SignInMethod.Passkey), (signIn.EventType, signIn.SignInMethod));
        Assert.Equal(added.ErrorCode, signIn.ErrorCode);
        Assert.Equal(await Server.UserIdAsync(email), signIn.UserId);
        Assert.Matches("^[0-9a-f]{32}$", signIn.SessionId);
    }

    [BrowserFact]
    public async Task PasskeySignIn_WithADeletedPasskey_RecordsUnknownCredentialAndStaysSignedOut()
    {
        var email = NewEmail("passkey-deleted");
        await AddVirtualAuthenticatorAsync(Page);
        await Page.RegisterAsync(email, UserPassword);
        await AddPasskeyAsync(Page, "Lost phone");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(Page.GetByText("No passkeys are registered.")).ToBeVisibleAsync();
        await Page.SignOutWithNavMenuAsync();

        // The authenticator still holds the credential the account no longer has.
        await Page.GotoAsync("Account/Login");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in with a passkey" }).ClickAsync();

        await Expect(Page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        await Expect(Page.GetByText("You are signed in as")).ToHaveCountAsync(0);
        var rows = await Server.LoginLogsOfAsync(email);
        var removed = Assert.Single(rows, row => row.EventType == LoginEventType.PasskeyRemoved);
        var refused = (await Server.LoginLogsAsync())[^1];
        Assert.Equal((LoginEventType.SignInFailed, LoginFailureReason.InvalidPasskey), (refused.EventType, refused.FailureReason));
        Assert.Equal($"{PasskeyRefusal.UnknownCredential};{removed.ErrorCode}", refused.ErrorCode);
        Assert.Equal(await Server.UserIdAsync(email), refused.UserId);
        Assert.Null(refused.SessionId);
    }

    /// <summary>A platform authenticator that verifies the user (as a fingerprint reader does) and keeps discoverable credentials.</summary>
    /// <remarks>
    /// The login page also offers passkeys as autofill (conditional mediation), which the virtual authenticator answers
    /// by itself as soon as the page loads; these tests are about the button, so the page is told autofill is unavailable.
    /// </remarks>
    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        await page.AddInitScriptAsync("PublicKeyCredential.isConditionalMediationAvailable = async () => false;");
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
            },
        });
    }

    /// <summary>"Add a new passkey" on the Manage pages, then the name the page asks for right after.</summary>
    private static async Task AddPasskeyAsync(IPage page, string name)
    {
        await page.GotoAsync("Account/Manage/Passkeys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a new passkey" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Manage/RenamePasskey/**");
        await page.Locator("[name='Input.Name']").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByText("Passkey updated successfully.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = name })).ToBeVisibleAsync();
    }
}
