using System.Net;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Account;

/// <summary>The personal-data download is a POST of the signed-in user: a cross-site form must not get the file.</summary>
public sealed class PersonalDataDownloadTests : AppTest
{
    [Fact]
    public async Task DownloadPersonalData_WithoutAntiforgeryToken_Is400WithoutTheData()
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        var response = await browser.PostAsync("/Account/Manage/DownloadPersonalData", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("alice@example.com", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DownloadPersonalData_FromThePagesForm_AnswersTheFile()
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        var response = await browser.SubmitFormAsync("/Account/Manage/PersonalData", new Dictionary<string, string>(), "form[action='Account/Manage/DownloadPersonalData']");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("alice@example.com", await response.Content.ReadAsStringAsync());
    }
}
