using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Overview;
using LoginAudit.Web.Components.Pages.Admin.Shared;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>The range at a glance, and a live count of events written since it was loaded (<see cref="NewEventsNotice"/>).</summary>
public partial class Overview
{
    private OverviewSummary? summary;
    private IReadOnlyList<BreakdownItem> topReasons = [];
    private IReadOnlyList<BreakdownItem> topIps = [];
    private IReadOnlyList<BreakdownItem> topUserNames = [];
    private DateTimeOffset? loadedAt;

    [Inject]
    private OverviewService Overviews { get; set; } = default!;

    private bool IsEmpty => summary is { SignIns: 0, Failures: 0, NewestEvents.Count: 0 };

    protected override async Task LoadAsync(DashboardRange range, CancellationToken cancellationToken)
    {
        var loaded = await Overviews.GetAsync(range, cancellationToken: cancellationToken);
        var links = new DrillDown(Selection, range);
        topReasons = loaded.TopFailureReasons
            .Select(reason => new BreakdownItem(Words.Reason(reason.Reason), reason.Count, links.FailuresWithReason(reason.Reason)))
            .ToList();
        topIps = loaded.TopFailingIps
            .Select(ip => new BreakdownItem(Words.OrUnknown(ip.IpAddress), ip.Count, links.FailuresFromIp(ip.IpAddress))
            {
                Detail = HumanFormat.Count(ip.DistinctUserNames),
            })
            .ToList();
        topUserNames = loaded.TopFailingUserNames
            .Select(user => new BreakdownItem(Words.OrUnknown(user.UserName), user.Count, links.FailuresOfUserName(user))
            {
                Badge = user.IsUnknown ? "unknown name" : null,
            })
            .ToList();
        summary = loaded;
        loadedAt = Clock.GetUtcNow();
    }
}
