using LoginAudit.Data;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Detection;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using LoginAudit.Web.Components.Pages.Admin.Shared;
using LoginAudit.Web.Components.Shared;
using MudBlazor;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>Which signals fired in the range, what each means and what to do, and the newest suspicious events.</summary>
public partial class Suspicious
{
    private SuspiciousActivity? data;

    [Inject]
    private SuspiciousActivityService Activity { get; set; } = default!;

    [Inject]
    private IOptions<LoginAuditOptions> Options { get; set; } = default!;

    private readonly BarChartOptions barOptions = new() { ChartPalette = [ChartStyle.FailureColor], ShowLegend = false };

    private DetectionSettings Settings => Options.Value.Detection;

    private List<ChartSeries<double>> ReasonSeries =>
        [new ChartSeries<double> { Name = "Events", Data = data?.ByReason.Select(count => (double)count.Count).ToList() ?? [] }];

    private string[] ReasonLabels => data?.ByReason.Select(count => Words.Suspicion(count.Reason)).ToArray() ?? [];

    protected override async Task LoadAsync(DashboardRange range, CancellationToken cancellationToken) =>
        data = await Activity.GetAsync(range, cancellationToken: cancellationToken);
}
