using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>What a person does on the Identity pages, step by step, in the browser.</summary>
public static partial class AccountPages
{
    /// <summary>The colour theme menu in the app bar of every interactive page: interactive once the page's circuit is.</summary>
    public const string ThemeToggleSelector = ".theme-menu button";

    /// <summary>Registers through the form and waits for the start page, where the new account is signed in.</summary>
    public static async Task RegisterAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(password);
        await page.Locator("[name='Input.ConfirmPassword']").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await page.ExpectSignedInAsync(email);
    }

    /// <summary>Opens the sign-in page and submits it; the caller waits for the outcome it expects.</summary>
    public static async Task SubmitSignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Login");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.SubmitSignInAsync(email, password);
        await page.ExpectSignedInAsync(email);
    }

    /// <summary>The start page says who is signed in.</summary>
    public static async Task ExpectSignedInAsync(this IPage page, string email)
    {
        await page.WaitForURLAsync(StartPage());
        await Expect(page.GetByText("You are signed in as")).ToContainTextAsync(email);
    }

    /// <summary>Signs out with the navigation menu's Logout button and waits for the signed-out start page.</summary>
    public static async Task SignOutWithNavMenuAsync(this IPage page)
    {
        await page.GotoAsync("");
        // Nothing else in flight: with the stamp checked on every request (as these tests configure it), a request
        // answered after the sign-out would bring back a renewed sign-in cookie.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.Locator("nav").GetByRole(AriaRole.Button, new() { Name = "Logout" }).ClickAsync();
        await Expect(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Login" })).ToBeVisibleAsync();
        await Expect(page.GetByText("You are signed in as")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Waits until Blazor has attached the event handlers of the element <paramref name="selector"/> finds, i.e. the
    /// prerendered page has become interactive (a click before that does nothing). Blazor replaces the prerendered
    /// element then, and keeps the handlers in an element property named <c>_blazorEvents_N</c>.
    /// </summary>
    public static async Task WaitForInteractiveAsync(this IPage page, string selector) =>
        await page.WaitForFunctionAsync(
            "selector => { const element = document.querySelector(selector); return !!element && Object.keys(element).some(key => key.startsWith('_blazorEvents_')); }",
            selector);

    private static Regex StartPage() => StartPagePattern();

    [GeneratedRegex(@"^https?://[^/]+/(\?.*)?$")]
    private static partial Regex StartPagePattern();
}
