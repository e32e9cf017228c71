using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Web.Components.Pages.Admin.Shared;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>Why, who, from where, on what and when sign-ins failed in the range.</summary>
public partial class Failures
{
    /// <summary>Three or more different names from one address is flagged: one typo'd retry is not spraying.</summary>
    private const int SprayingNames = 3;

    private Breakdowns? data;

    [Inject]
    private FailureBreakdownService Breakdown { get; set; } = default!;

    private string ZoneName => TimeZone.IsKnown ? TimeZone.Zone.Id : "UTC";

    protected override async Task LoadAsync(DashboardRange range, CancellationToken cancellationToken)
    {
        var links = new DrillDown(Selection, range);

        // One after another: each query opens its own context, and SQLite reads them faster in turn than at once.
        var reasons = await Breakdown.GetByReasonAsync(range, cancellationToken);
        var sources = await Breakdown.GetFailingSourcesAsync(range, cancellationToken: cancellationToken);
        var devices = await Breakdown.GetByLabelAsync(range, FailureLabel.DeviceType, cancellationToken: cancellationToken);
        var browsers = await Breakdown.GetByLabelAsync(range, FailureLabel.Browser, cancellationToken: cancellationToken);
        var systems = await Breakdown.GetByLabelAsync(range, FailureLabel.Os, cancellationToken: cancellationToken);
        var heatMap = await Breakdown.GetHeatMapAsync(range, cancellationToken);
        var outcomes = await Breakdown.GetOutcomesOverTimeAsync(range, cancellationToken);

        IReadOnlyList<BreakdownItem> Labels(IReadOnlyList<LabelCount> counts, FailureLabel label) =>
            counts.Select(count => new BreakdownItem(Words.OrUnknown(count.Label), count.Count, links.FailuresWithLabel(label, count.Label))).ToList();

        data = new Breakdowns(
            reasons.Sum(reason => reason.Count),
            reasons.Select(reason => new BreakdownItem(Words.Reason(reason.Reason), reason.Count, links.FailuresWithReason(reason.Reason))).ToList(),
            sources.UserNames.Select(user => new BreakdownItem(Words.OrUnknown(user.UserName), user.Count, links.FailuresOfUserName(user))
            {
                Badge = user.IsUnknown ? "unknown name" : null,
            }).ToList(),
            sources.Ips.Select(ip => new BreakdownItem(Words.OrUnknown(ip.IpAddress), ip.Count, links.FailuresFromIp(ip.IpAddress))
            {
                Detail = HumanFormat.Count(ip.DistinctUserNames),
                Badge = ip.DistinctUserNames >= SprayingNames ? "many names" : null,
            }).ToList(),
            Labels(devices, FailureLabel.DeviceType),
            Labels(browsers, FailureLabel.Browser),
            Labels(systems, FailureLabel.Os),
            heatMap,
            outcomes);
    }

    private sealed record Breakdowns(
        int Total,
        IReadOnlyList<BreakdownItem> Reasons,
        IReadOnlyList<BreakdownItem> UserNames,
        IReadOnlyList<BreakdownItem> Ips,
        IReadOnlyList<BreakdownItem> DeviceTypes,
        IReadOnlyList<BreakdownItem> Browsers,
        IReadOnlyList<BreakdownItem> OperatingSystems,
        IReadOnlyList<HeatMapCell> HeatMap,
        IReadOnlyList<OutcomeBucket> Outcomes);
}
