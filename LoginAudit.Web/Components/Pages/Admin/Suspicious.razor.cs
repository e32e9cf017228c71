using LoginAudit.Data;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Detection;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>Which signals fired in the range, what each means and what to do, and the newest suspicious events.</summary>
public partial class Suspicious
{
    private SuspiciousActivity? data;

    [Inject]
    private SuspiciousActivityService Activity { get; set; } = default!;

    [Inject]
    private IOptions<LoginAuditOptions> Options { get; set; } = default!;

    private DetectionSettings Settings => Options.Value.Detection;

    protected override async Task LoadAsync(DashboardRange range, CancellationToken cancellationToken) =>
        data = await Activity.GetAsync(range, cancellationToken: cancellationToken);
}
