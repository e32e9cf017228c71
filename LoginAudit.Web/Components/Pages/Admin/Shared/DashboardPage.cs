using LoginAudit.Data.Dashboards;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace LoginAudit.Web.Components.Pages.Admin.Shared;

/// <summary>
/// A dashboard page whose range lives in the URL (<see cref="RangeSelection"/>): it loads once the browser's time zone
/// is known (hours and days are bucketed in it), and again whenever the range in the URL changes (picker, back button).
/// </summary>
/// <remarks>
/// Nothing is loaded while prerendering: the time zone comes from JavaScript, and loading twice (UTC, then local)
/// would cost two sets of queries per page view. The prerendered page shows the loading indicator. A page rendered
/// statically (no circuit: README, "Memory per open page") loads while it renders instead, in the zone of the
/// <c>loginaudit-time-zone</c> cookie its layout read.
/// </remarks>
public abstract class DashboardPage : ComponentBase, IDisposable
{
    private CancellationTokenSource? loading;
    private bool interactive;

    [SupplyParameterFromQuery(Name = RangeSelection.RangeKey)]
    public string? RangeName { get; set; }

    [SupplyParameterFromQuery(Name = RangeSelection.FromKey)]
    public string? FromText { get; set; }

    [SupplyParameterFromQuery(Name = RangeSelection.ToKey)]
    public string? ToText { get; set; }

    [SupplyParameterFromQuery(Name = RangeSelection.ZoneKey)]
    public string? ZoneText { get; set; }

    [Inject]
    protected BrowserTimeZone TimeZone { get; set; } = default!;

    [Inject]
    protected TimeProvider Clock { get; set; } = default!;

    [Inject]
    private AuditWindows Windows { get; set; } = default!;

    protected RangeSelection Selection { get; private set; } = RangeSelection.Default;

    /// <summary>The range of the data shown; null until the first load.</summary>
    protected DashboardRange? Range { get; private set; }

    /// <summary>Links to the history grid for the range shown; null until the first load.</summary>
    protected DrillDown? Links { get; private set; }

    /// <summary>True from a load's start to its end, so a page can show the indicator over stale data.</summary>
    protected bool IsLoading { get; private set; } = true;

    protected override async Task OnParametersSetAsync()
    {
        Selection = RangeSelection.Parse(RangeName, FromText, ToText, ZoneText);
        if (interactive || RendersStatically)
        {
            await ReloadAsync();
        }
    }

    /// <summary>Rendered by static server-side rendering: one response, no circuit, no JavaScript to ask.</summary>
    protected bool RendersStatically => !RendererInfo.IsInteractive && AssignedRenderMode is null;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await TimeZone.EnsureKnownAsync();
            interactive = true;
            await ReloadAsync();
            StateHasChanged();
        }
    }

    /// <summary>Loads the data of <paramref name="range"/>; <paramref name="cancellationToken"/> fires when a newer load starts.</summary>
    protected abstract Task LoadAsync(DashboardRange range, CancellationToken cancellationToken);

    /// <summary>Resolves the selection now (a preset rolls on) and loads; a newer load cancels an older one.</summary>
    protected async Task ReloadAsync()
    {
        // Not disposed here: the older load may still be reading its token; the collector takes the source.
        if (loading is not null)
        {
            await loading.CancelAsync();
        }

        var current = loading = new CancellationTokenSource();
        var range = Selection.Resolve(Windows.Current(), TimeZone.CurrentOffset(Clock));
        IsLoading = true;
        try
        {
            await LoadAsync(range, current.Token);
            Range = range;
            Links = new DrillDown(Selection, range);
        }
        catch (OperationCanceledException) when (current.IsCancellationRequested)
        {
            // A newer load replaced this one and shows its own data.
            return;
        }

        IsLoading = false;
    }

    public void Dispose()
    {
        loading?.Cancel();
        loading?.Dispose();
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>For pages that hold more than the load (subscriptions).</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
