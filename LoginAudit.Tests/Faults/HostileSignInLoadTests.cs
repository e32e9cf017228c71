using System.Net;
using AngleSharp.Html.Parser;
using CsvHelper;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Export;
using LoginAudit.Data.History;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Faults;

/// <summary>1,000 hostile sign-in attempts; then what an administrator sees of them must be inert.</summary>
[Collection(LoadCollection.Name)]
public sealed class HostileSignInLoadTests() : AppTest(settings => settings["LoginAudit:TrustedProxies:0"] = "203.0.113.10")
{
    private const int Attempts = 1_000;
    private const int Clients = 8;

    private static readonly string[] UserNames =
    [
        "<script>alert(1)</script>@example.com",
        "\"><img src=x onerror=alert(1)>@example.com",
        "=cmd|' /C calc'!A0@example.com",
        "+SUM(1+1)@example.com",
        "-2+3@example.com",
        "\t=1+1@example.com",
        "eve@example.com\r\nX-Injected: 1",
        "a\u0000b\u0007c\u001b[31m@example.com",
        "\u202eevil\u200b@example.com",
        new string('x', 5_000) + "@example.com",
        "ünïcødé-名前@example.com",
        "'; DROP TABLE login_logs; --@example.com",
    ];

    private static readonly string[] UserAgents =
    [
        "<script>alert('ua')</script>",
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "@SUM(A1:A9)",
        "Mozilla/5.0 \u0001\u0002\u0003\u001b[2J\u007f",
        "Mozilla/5.0 " + new string('A', 20_000),
        "\u202eMozilla\u2066\u2069",
        "",
        "() { :; }; /bin/bash -c 'echo x'",
    ];

    private static readonly string[] ForwardedFor =
    [
        "not-an-ip",
        "1.2.3.4, <script>",
        "999.1.1.1",
        "::ffff:zz",
        ",,,,",
        string.Join(",", Enumerable.Repeat("198.51.100.7", 2_000)),
        "1.2.3.4:80",
        "[::1]:443",
        "unknown",
        "198.51.100.9",
    ];

    [Fact]
    public async Task SignIn_1000HostileInputs_NoServerErrorRowsCleanedAndTheGridAndCsvInert()
    {
        // Every refusal audited too (not only the first few of each address), so that each hostile input reaches a row.
        await using var app = App.WithWebHostBuilder(builder => builder
            .UseSetting("LoginAudit:Throttling:RefusalRowsPerAddress", "10000")
            .ConfigureTestServices(services => services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000)));

        var statuses = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => AttackAsync(app, client)));

        Assert.DoesNotContain(statuses.SelectMany(list => list), status => (int)status >= 500);
        var rows = await ConcurrentSignInTests.LoginLogsAsync(app);
        Assert.True(rows.Count >= Attempts / 2, $"Only {rows.Count} attempts were audited.");
        foreach (var row in rows)
        {
            foreach (var (value, limit) in new[] { (row.UserName, LoginLogLimits.UserName), (row.UserAgent, LoginLogLimits.UserAgent), (row.Browser, LoginLogLimits.Name), (row.Os, LoginLogLimits.Name) })
            {
                Assert.True(value is null || (value.Length <= limit && !value.Any(char.IsControl) && value == value.Trim()), $"Row {row.Id} kept '{value}'.");
            }

            Assert.True(row.IpAddress is null || IPAddress.TryParse(row.IpAddress, out _), $"Row {row.Id} has address '{row.IpAddress}'.");
        }

        Assert.Contains(rows, row => row.UserName == "<script>alert(1)</script>@example.com");
        Assert.Contains(rows, row => row.UserName == "=cmd|' /C calc'!A0@example.com");

        // From an address of its own: the attack's addresses are throttled by now, which is right.
        var admin = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        admin.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, "192.0.2.200");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword)).StatusCode);
        // The newest page, and a search that brings the markup-looking names onto it.
        foreach (var page in new[] { "/admin/logins", "/admin/logins?q=alert(1)" })
        {
            var grid = await admin.GetStringAsync(page);
            Assert.DoesNotContain("<script>alert", grid, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", grid, StringComparison.OrdinalIgnoreCase);
            if (page.Contains('?'))
            {
                Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;@example.com", grid);
            }
        }

        using var csv = new MemoryStream();
        await app.Services.GetRequiredService<LoginLogCsvExporter>().WriteAsync(new LoginHistoryFilter { Range = LoginHistoryRange.Custom }, csv);
        using var reader = CsvReader.Create(new StringReader(System.Text.Encoding.UTF8.GetString(csv.ToArray())), new CsvReaderOptions { HasHeader = false });
        var records = -1;
        while (reader.Read())
        {
            records++;
            for (var field = 0; field < reader.FieldCount; field++)
            {
                var value = reader.GetString(field);
                Assert.False(value.Length > 0 && "=+-@\t\r".Contains(value[0]), $"CSV field {LoginLogCsvExporter.Header[field]} starts a formula: '{value}'.");
            }
        }

        Assert.Equal(rows.Count + 1, records); // and the administrator's own sign-in
    }

    private static async Task<List<HttpStatusCode>> AttackAsync(WebApplicationFactory<Program> app, int client)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetStringAsync("/Account/Login");
        var form = new HtmlParser().ParseDocument(page).QuerySelector("form[method=post]")!;
        var hidden = form.QuerySelectorAll("input[type=hidden]")
            .Where(input => input.GetAttribute("name") is not null)
            .ToDictionary(input => input.GetAttribute("name")!, input => input.GetAttribute("value") ?? "");
        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : "/Account/Login";

        var statuses = new List<HttpStatusCode>();
        for (var n = client; n < Attempts; n += Clients)
        {
            var fields = new Dictionary<string, string>(hidden)
            {
                ["Input.Email"] = UserNames[n % UserNames.Length],
                ["Input.Password"] = n % 2 == 0 ? "Wrong-Passw0rd!" : "\r\n<script>",
                ["Input.RememberMe"] = "false",
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgents[n % UserAgents.Length]);
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", ForwardedFor[n % ForwardedFor.Length]);
            using var response = await browser.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
