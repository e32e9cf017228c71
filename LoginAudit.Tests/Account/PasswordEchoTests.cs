using System.Net;
using System.Text;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace LoginAudit.Tests.Account;

/// <summary>A form shown again after a failed submit must not carry the typed password in its HTML.</summary>
public sealed class PasswordEchoTests : AppTest
{
    private const string Typed = "Typed-Secret-7f3a!";

    [Fact]
    public async Task Login_WrongPassword_PageShownAgainWithoutIt()
    {
        await App.CreateUserAsync("alice@example.com");

        var page = await App.CreateBrowser().SignInAsync("alice@example.com", Typed);

        await AssertShownAgainWithoutTheTypedPasswordAsync(page);
    }

    [Fact]
    public async Task Register_PasswordsDiffer_PageShownAgainWithoutThem()
    {
        var page = await App.CreateBrowser().SubmitFormAsync("/Account/Register", new Dictionary<string, string>
        {
            ["Input.Email"] = "new@example.com",
            ["Input.Password"] = Typed,
            ["Input.ConfirmPassword"] = Typed + "x",
        });

        await AssertShownAgainWithoutTheTypedPasswordAsync(page);
    }

    [Fact]
    public async Task ChangePassword_WrongOldPassword_PageShownAgainWithoutAnyOfThem()
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        var page = await browser.SubmitFormAsync("/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Typed,
            ["Input.NewPassword"] = Typed + "N",
            ["Input.ConfirmPassword"] = Typed + "N",
        }, "form[action='/Account/Manage/ChangePassword']");

        await AssertShownAgainWithoutTheTypedPasswordAsync(page);
    }

    [Fact]
    public async Task ResetPassword_PasswordsDiffer_PageShownAgainWithoutThem()
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("any-code"));

        var page = await App.CreateBrowser().SubmitFormAsync($"/Account/ResetPassword?code={code}", new Dictionary<string, string>
        {
            ["Input.Email"] = "alice@example.com",
            ["Input.Password"] = Typed,
            ["Input.ConfirmPassword"] = Typed + "x",
        });

        await AssertShownAgainWithoutTheTypedPasswordAsync(page);
    }

    private static async Task AssertShownAgainWithoutTheTypedPasswordAsync(HttpResponseMessage page)
    {
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("type=\"password\"", html);
        Assert.DoesNotContain("Typed-Secret", html);
    }
}
