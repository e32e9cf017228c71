using System.Globalization;
using System.Net;
using System.Text.Json;
using CsvHelper;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Export;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Export;

/// <summary>The export through the real app: real sign-ins write the rows, the real pipeline authorises and streams.</summary>
public class LoginHistoryExportEndpointsTests : AppTest
{
    public LoginHistoryExportEndpointsTests()
    {
    }

    protected LoginHistoryExportEndpointsTests(DatabaseProvider provider)
        : base(provider: provider)
    {
    }

    private const int UserNameColumn = 2;
    private const int EventTypeColumn = 3;

    [DatabaseFact]
    public async Task Export_AdminWithOutcomeFilter_DownloadsCsvOfOnlyTheFailures()
    {
        var admin = await SignedInAdminAsync(failedAttemptsFirst: ["nobody@example.com"]);

        var response = await admin.GetAsync("/admin/logins/export?out=fail");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LoginLogCsvExporter.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^login-history-\d{8}-\d{6}\.csv$", response.Content.Headers.ContentDisposition?.FileName);
        var rows = await ReadCsvAsync(response);
        Assert.Equal(LoginLogCsvExporter.Header, rows[0]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal("nobody@example.com", row[UserNameColumn]);
        Assert.Equal(nameof(LoginEventType.SignInFailed), row[EventTypeColumn]);
    }

    [DatabaseFact]
    public async Task Export_AdminWithSearch_HasOnlyTheRowsTheSearchFinds()
    {
        var admin = await SignedInAdminAsync(failedAttemptsFirst: ["carol@example.com", "dave@example.com"]);

        var rows = await ReadCsvAsync(await admin.GetAsync("/admin/logins/export?q=carol"));

        Assert.Equal(["carol@example.com"], rows.Skip(1).Select(row => row[UserNameColumn]));
    }

    [DatabaseFact]
    public async Task Export_UserNamesThatLookLikeFormulas_AreNeutralisedForSpreadsheets()
    {
        string[] hostile = ["=HYPERLINK(\"http://evil.test\",\"open\")@x.test", "+1+1@x.test", "-2+3@x.test", "@SUM(1)@x.test"];
        var admin = await SignedInAdminAsync(failedAttemptsFirst: hostile);

        var rows = await ReadCsvAsync(await admin.GetAsync("/admin/logins/export?out=fail"));

        Assert.Equal(hostile.Select(name => "'" + name).Order(), rows.Skip(1).Select(row => row[UserNameColumn]).Order());
    }

    [DatabaseFact]
    public async Task Export_ManyRows_StreamsEveryOne()
    {
        var admin = await SignedInAdminAsync(failedAttemptsFirst: []);
        var now = App.Clock.GetUtcNow().UtcDateTime;
        await App.WithDatabaseAsync(async db =>
        {
            db.LoginLogs.AddRange(Enumerable.Range(0, 3_000).Select(i => new LoginLog
            {
                EventType = LoginEventType.SignInFailed,
                FailureReason = LoginFailureReason.UnknownUser,
                UserName = $"bulk{i}@example.com",
                UserAgent = new string('x', 400),
                CreatedAt = now.AddSeconds(-i),
            }));
            return await db.SaveChangesAsync();
        });

        var rows = await ReadCsvAsync(await admin.GetAsync("/admin/logins/export?out=fail"));

        Assert.Equal(3_000, rows.Count - 1);
    }

    [DatabaseFact]
    public async Task Export_Anonymous_RedirectsToSignIn()
    {
        var response = await App.CreateBrowser().GetAsync("/admin/logins/export?out=fail");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login?ReturnUrl=%2Fadmin%2Flogins%2Fexport", response.Headers.Location?.ToString());
    }

    [DatabaseFact]
    public async Task Export_SignedInWithoutAdminRole_Answers403WithoutData()
    {
        await App.CreateUserAsync("ivan@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("ivan@example.com", LoginAuditAppFactory.UserPassword);

        var response = await browser.GetAsync("/admin/logins/export");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual(LoginLogCsvExporter.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("user_name", await response.Content.ReadAsStringAsync());
    }

    [DatabaseFact]
    public async Task LoginsPage_AdminWithQueryString_PrerendersOnlyMatchingRowsAndTheExportLink()
    {
        var admin = await SignedInAdminAsync(failedAttemptsFirst: ["nobody@example.com"]);

        var page = await admin.GetStringAsync("/admin/logins?out=fail");

        Assert.Contains("nobody@example.com", page);
        Assert.DoesNotContain("title=\"SignInSucceeded\"", page);
        Assert.Contains("href=\"admin/logins/export?out=fail\"", page);
    }

    [Fact]
    public async Task Export_EveryFormatWithTheSameFilter_DownloadsTheSameRowsInTheSameOrder()
    {
        var admin = await SignedInAdminAsync(failedAttemptsFirst: ["erin@example.com", "frank@example.com", "gina@example.com"]);

        var csvIds = (await ReadCsvAsync(await admin.GetAsync("/admin/logins/export?out=fail"))).Skip(1).Select(row => row[0]).ToList();
        var idsByFormat = new Dictionary<string, List<string>>();
        foreach (var (format, idOf) in new (string, Func<JsonElement, string>)[]
        {
            ("jsonl", line => line.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)),
            ("ocsf", line => line.GetProperty("metadata").GetProperty("uid").GetString()!),
            ("ecs", line => line.GetProperty("event").GetProperty("id").GetString()!),
        })
        {
            var response = await admin.GetAsync($"/admin/logins/export?out=fail&format={format}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(LoginLogJsonLinesExporter.ContentType, response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith(format == "jsonl" ? ".jsonl" : $".{format}.jsonl", response.Content.Headers.ContentDisposition?.FileName);
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            idsByFormat[format] = lines.Select(line => idOf(JsonDocument.Parse(line).RootElement)).ToList();
        }

        Assert.Equal(3, csvIds.Count);
        Assert.All(idsByFormat.Values, ids => Assert.Equal(csvIds, ids));
    }

    [Fact]
    public async Task Export_UnknownFormat_Answers400NamingTheFormats()
    {
        var admin = await SignedInAdminAsync(failedAttemptsFirst: []);

        var response = await admin.GetAsync("/admin/logins/export?format=xml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("csv, jsonl, ocsf, ecs", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Failed sign-ins with the given names (unknown users), then the admin's own successful sign-in.</summary>
    private async Task<HttpClient> SignedInAdminAsync(IEnumerable<string> failedAttemptsFirst)
    {
        var browser = App.CreateBrowser();
        foreach (var name in failedAttemptsFirst)
        {
            await browser.SignInAsync(name, "Wrong-passw0rd!");
        }

        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);
        return browser;
    }

    private static async Task<List<string[]>> ReadCsvAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = CsvReader.Create(new StringReader(await response.Content.ReadAsStringAsync()), new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        return rows;
    }
}

[OnPostgreSql]
public sealed class LoginHistoryExportEndpointsOnPostgreSqlTests() : LoginHistoryExportEndpointsTests(DatabaseProvider.PostgreSQL);
