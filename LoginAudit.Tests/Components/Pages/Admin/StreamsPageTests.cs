using Bunit;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Export;
using LoginAudit.Data.Streams;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Pages.Admin;

/// <summary>The streams status page over real checkpoints in a real database.</summary>
public sealed class StreamsPageTests : PageTest
{
    private readonly StreamOptions options = new();

    protected override async Task SeedAsync()
    {
        Services.AddSingleton(new StreamStatusService(Database, Options.Create(options)));
        await Database.AddAsync(
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-3)),
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-2)),
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-1)));
    }

    [Fact]
    public async Task Streams_OneActiveOneFailingOneDisabled_ShowEachStateWithLastRowAndRowsWaiting()
    {
        options.Streams["elastic"] = Stream(ExportFormat.Ecs);
        options.Streams["siem"] = Stream(ExportFormat.Ocsf);
        options.Streams["paused"] = Stream(ExportFormat.Jsonl, enabled: false);
        await Database.AddAsync(
            new StreamCheckpoint { Name = "elastic", LastRowId = 3, RowsSent = 3, LastSentAt = Now.AddMinutes(-1), UpdatedAt = Now },
            new StreamCheckpoint { Name = "siem", LastRowId = 1, RowsSent = 1, LastSentAt = Now.AddMinutes(-3), FailingSince = Now.AddMinutes(-2), LastError = "HTTP 503 Service Unavailable", UpdatedAt = Now });

        var page = RenderAt<Web.Components.Pages.Admin.Streams>("admin/streams");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.stream-row").Count));
        var rows = page.FindAll("tr.stream-row").ToDictionary(row => row.GetAttribute("data-stream")!);
        Assert.Contains("Active", rows["elastic"].QuerySelector(".stream-state")!.TextContent);
        Assert.Equal("0", rows["elastic"].QuerySelector(".stream-behind")!.TextContent);
        Assert.Contains("Row 3", rows["elastic"].QuerySelector(".stream-last-sent")!.TextContent);
        Assert.Contains("Failing", rows["siem"].QuerySelector(".stream-state")!.TextContent);
        Assert.Contains("HTTP 503 Service Unavailable", rows["siem"].QuerySelector(".stream-error")!.TextContent);
        Assert.NotNull(rows["siem"].QuerySelector(".stream-failing-since time"));
        Assert.Equal("2", rows["siem"].QuerySelector(".stream-behind")!.TextContent);
        Assert.Contains("Disabled", rows["paused"].QuerySelector(".stream-state")!.TextContent);
        Assert.Equal("https://siem.example.com", rows["siem"].QuerySelector("code")!.TextContent);
        Assert.DoesNotContain("collector-token", page.Markup);
    }

    [Fact]
    public void Streams_NoneConfigured_SaysHowToAddOne()
    {
        var page = RenderAt<Web.Components.Pages.Admin.Streams>("admin/streams");

        page.WaitForAssertion(() => Assert.Contains("No stream is configured.", page.Markup));
        Assert.Contains("LoginAudit:Streams:&lt;name&gt;", page.Markup);
    }

    private static StreamSettings Stream(ExportFormat format, bool enabled = true) => new()
    {
        Url = "https://siem.example.com/ingest/collector-token",
        Format = format,
        Secret = "stream-secret-0123456789",
        Enabled = enabled,
    };
}
