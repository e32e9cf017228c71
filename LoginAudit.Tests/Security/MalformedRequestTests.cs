using System.Net;
using AngleSharp.Html.Parser;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Security;

/// <summary>Requests a probe sends to make the app fail: each gets a client error (or is ignored), never a 500.</summary>
public sealed class MalformedRequestTests : AppTest
{
    [Fact]
    public async Task MySignIns_EndedIsNotANumber_PageWithoutTheNotice()
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        var response = await browser.GetAsync("/account/sign-ins?ended=abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("signed out.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AdminSearch_WithANul_AnswersThePage()
    {
        var admin = App.CreateBrowser();
        await admin.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await admin.GetAsync("/admin/logins?q=abc%00");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/Account/LoginWith2fa")]
    [InlineData("/Account/LoginWithRecoveryCode")]
    public async Task SecondFactorPage_WithoutAPendingSignIn_Is400AndWritesNoRow(string path)
    {
        var response = await App.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("No sign-in is waiting for a second factor", await response.Content.ReadAsStringAsync());
        Assert.Empty(await App.LoginLogsAsync());
    }

    [Fact]
    public async Task TwoFactorCodePosted_WithoutAPendingSignIn_Is400AndOneRow()
    {
        var browser = App.CreateBrowser();
        var page = new HtmlParser().ParseDocument(await (await browser.GetAsync("/Account/LoginWith2fa")).Content.ReadAsStringAsync());
        var fields = page.QuerySelectorAll("form[method=post] input[type=hidden]")
            .ToDictionary(input => input.GetAttribute("name")!, input => input.GetAttribute("value") ?? "");
        fields["Input.TwoFactorCode"] = "123456";

        var response = await browser.PostAsync("/Account/LoginWith2fa", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginFailureReason.InvalidTwoFactorCode, row.FailureReason);
        Assert.Equal("NoPendingTwoFactorSignIn", row.ErrorCode);
    }

    [Fact]
    public async Task ResetPassword_CodeIsNotBase64_Is400WithTheReason()
    {
        var response = await App.CreateBrowser().GetAsync("/Account/ResetPassword?code=%25%25%25");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The password reset link is invalid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RegisterConfirmation_ExistingAndUnknownAddress_AnswerTheSameNeutralPageWithoutALink()
    {
        await App.CreateUserAsync("alice@example.com", emailConfirmed: false);
        var browser = App.CreateBrowser();

        var existing = await browser.GetAsync("/Account/RegisterConfirmation?email=alice%40example.com");
        var unknown = await browser.GetAsync("/Account/RegisterConfirmation?email=nobody%40example.com");

        Assert.Equal(HttpStatusCode.OK, existing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var existingPage = new HtmlParser().ParseDocument(await existing.Content.ReadAsStringAsync()).QuerySelector("main")!;
        var unknownPage = new HtmlParser().ParseDocument(await unknown.Content.ReadAsStringAsync()).QuerySelector("main")!;
        Assert.Equal(existingPage.TextContent, unknownPage.TextContent);
        Assert.Empty(existingPage.QuerySelectorAll("a[href*='ConfirmEmail' i]"));
    }
}
