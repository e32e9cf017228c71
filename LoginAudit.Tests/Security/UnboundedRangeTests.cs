using System.Net;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Security;

/// <summary>Ranges a probe sends to make the app enumerate ten thousand years, or step past the ends of time.</summary>
public sealed class UnboundedRangeTests : AppTest
{
    [Theory]
    [InlineData("r=custom&from=0001-01-01&to=9999-12-31")]
    [InlineData("r=custom&from=0001-01-01T00:00:00-14:00&to=9999-12-31T23:59:59%2B14:00")]
    [InlineData("r=custom&from=9999-12-31&to=0001-01-01")]
    [InlineData("r=custom&from=10000-01-01&to=-1")]
    public async Task Export_AbsurdRange_AnswersTheRowsOfTheWindow(string query)
    {
        var admin = App.CreateBrowser();
        await admin.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await admin.GetAsync("/admin/logins/export?" + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,user_id,user_name", lines[0].TrimStart('\uFEFF'));
    }

    [Theory]
    [InlineData("/admin/failures?from=0001-01-01&to=9999-12-31")]
    [InlineData("/admin?from=0001-01-01T00:00:00-14:00&to=9999-12-31T23:59:59%2B14:00")]
    [InlineData("/admin/logins?r=custom&from=0001-01-01T00:00:00-14:00&to=9999-12-31T23:59:59%2B14:00")]
    [InlineData("/admin/users?from=9999-12-31&to=0001-01-01")]
    public async Task DashboardPage_AbsurdRange_Answers200(string path)
    {
        var admin = App.CreateBrowser();
        await admin.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
