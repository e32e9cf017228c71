using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.History;
using LoginAudit.Tests.ComponentTesting;
using LoginAudit.Web.Components.Pages.Admin.History;
using LoginAudit.Web.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Components.Pages.Admin.History;

public sealed class LoginHistoryFilterBarTests : ComponentTestContext
{
    private readonly List<LoginHistoryFilter> requested = [];

    public LoginHistoryFilterBarTests()
    {
        Services.AddScoped<BrowserTimeZone>();

        // November in Berlin is UTC+1.
        JSRuntime.Setup("loginAudit.timeZone", "Europe/Berlin");
    }

    [Fact]
    public void CustomRange_FromPickedInReadersZone_IsRequestedInUtc()
    {
        var bar = RenderBar(new LoginHistoryFilter { Range = LoginHistoryRange.Custom });
        bar.WaitForState(() => ServiceProvider.GetRequiredService<BrowserTimeZone>().IsKnown);

        bar.Find("#history-from").Change("2026-11-18 09:00");

        var filter = Assert.Single(requested);
        Assert.Equal(new DateTime(2026, 11, 18, 8, 0, 0, DateTimeKind.Utc), filter.From);
        Assert.Equal(LoginHistoryRange.Custom, filter.Range);
    }

    [Fact]
    public void CustomRange_UtcBoundsFromTheUrl_AreShownInReadersZone()
    {
        var bar = RenderBar(new LoginHistoryFilter
        {
            Range = LoginHistoryRange.Custom,
            From = new DateTime(2026, 11, 18, 8, 0, 0, DateTimeKind.Utc),
        });

        bar.WaitForAssertion(() => Assert.Equal("2026-11-18 09:00", bar.Find("#history-from").GetAttribute("value")));
        Assert.Equal(string.Empty, bar.Find("#history-to").GetAttribute("value") ?? string.Empty);
    }

    [Fact]
    public void PresetRange_HasNoDatePickers()
    {
        var bar = RenderBar(new LoginHistoryFilter { Range = LoginHistoryRange.Last7Days });

        Assert.Equal("Last 7 days", bar.Find("#history-range option[selected]").TextContent);
        Assert.Empty(bar.FindAll("#history-from"));
    }

    [Fact]
    public void ChooseEventType_RequestsThatTypeOnly()
    {
        var bar = RenderBar(new LoginHistoryFilter());

        bar.FindAll(".rz-multiselect-item").First(item => item.TextContent.Contains("Locked out")).Click();

        Assert.Equal([LoginEventType.LockedOut], Assert.Single(requested).EventTypes);
    }

    [Fact]
    public void ChooseSuspicious_Only_RequestsSuspiciousEvents()
    {
        var bar = RenderBar(new LoginHistoryFilter { Outcome = LoginOutcome.Failed });

        bar.Find("#history-suspicious").Change("yes");

        Assert.Equal("?out=fail&sus=1", Assert.Single(requested).ToQueryString());
    }

    [Fact]
    public void ChooseSuspicionReason_RequestsThatReasonAddedToTheOthers()
    {
        var bar = RenderBar(new LoginHistoryFilter { SuspicionReasons = [SuspicionReasons.NewDevice] });

        bar.FindAll(".rz-multiselect-item").First(item => item.TextContent.Contains("Impossible travel")).Click();

        Assert.Equal("?sr=NewDevice,ImpossibleTravel", Assert.Single(requested).ToQueryString());
    }

    [Fact]
    public void SubmitText_BrowserAndOs_RequestsExactFamiliesAndTrimsBlanks()
    {
        var bar = RenderBar(new LoginHistoryFilter { Search = "old" });

        bar.Find("#history-search").Change("  ");
        bar.Find("#history-browser").Change(" Firefox ");
        bar.Find("#history-os").Change("Linux");
        bar.Find("form[role=search]").Submit();

        Assert.Equal("?os=Linux&br=Firefox", Assert.Single(requested).ToQueryString());
    }

    [Fact]
    public void FilterControls_AreAllLabelled()
    {
        var bar = RenderBar(new LoginHistoryFilter { Range = LoginHistoryRange.Custom });

        foreach (var label in bar.FindAll("label[for]"))
        {
            Assert.NotNull(bar.Find("#" + label.GetAttribute("for")));
        }

        Assert.Equal(["Event", "Failure reason", "Device", "Suspicious because"], bar.FindAll("[role=combobox]").Select(box => box.GetAttribute("aria-label")));
    }

    private RenderedComponent<LoginHistoryFilterBar> RenderBar(LoginHistoryFilter filter) =>
        Render<LoginHistoryFilterBar>(p => p
            .Add(c => c.Filter, filter)
            .Add(c => c.FilterChanged, (LoginHistoryFilter changed) => requested.Add(changed)));
}
