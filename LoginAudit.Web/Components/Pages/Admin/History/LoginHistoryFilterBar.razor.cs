using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.History;
using LoginAudit.Data.UserAgents;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>
/// The history's filter controls. It owns no filter: every change is reported through <see cref="FilterChanged"/>
/// and comes back as a new <see cref="Filter"/> once the page has put it in the URL.
/// </summary>
public sealed partial class LoginHistoryFilterBar
{
    private string? searchText;
    private string? browserText;
    private string? osText;
    private LoginHistoryFilter? shownFilter;

    [Inject]
    private BrowserTimeZone TimeZone { get; set; } = default!;

    /// <summary>The filter the grid shows now (from the URL).</summary>
    [Parameter, EditorRequired]
    public LoginHistoryFilter Filter { get; set; } = new();

    /// <summary>Raised with the filter the reader asked for.</summary>
    [Parameter]
    public EventCallback<LoginHistoryFilter> FilterChanged { get; set; }

    private bool IsFiltered => Filter.ToQueryString().Length > 0;

    private string SuspiciousValue => Filter.Suspicious switch { true => "yes", false => "no", null => "" };

    protected override void OnInitialized() => TimeZone.Changed += OnZoneChanged;

    /// <summary>The date pickers need the reader's zone even when no row (and so no LocalTime) has asked for it yet.</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && !TimeZone.IsKnown)
        {
            await TimeZone.EnsureKnownAsync();
        }
    }

    protected override void OnParametersSet()
    {
        // Typed text is replaced only when the filter itself changed (back button, a link, "clear filters").
        if (!ReferenceEquals(shownFilter, Filter))
        {
            shownFilter = Filter;
            searchText = Filter.Search;
            browserText = Filter.Browser;
            osText = Filter.Os;
        }
    }

    private Task ApplyTextAsync() => ChangeAsync(Filter with
    {
        Search = Blank(searchText),
        Browser = Blank(browserText),
        Os = Blank(osText),
    });

    private Task ChangeRangeAsync(LoginHistoryRange range) => ChangeAsync(Filter with { Range = range, From = null, To = null });

    private Task ChangeOutcomeAsync(LoginOutcome outcome) => ChangeAsync(Filter with { Outcome = outcome });

    private Task ChangeEventsAsync(IReadOnlyCollection<LoginEventType> types) => ChangeAsync(Filter with { EventTypes = types.Order().ToList() });

    private Task ChangeReasonsAsync(IReadOnlyCollection<LoginFailureReason> reasons) => ChangeAsync(Filter with { FailureReasons = reasons.Order().ToList() });

    private Task ChangeDevicesAsync(IReadOnlyCollection<DeviceType> devices) => ChangeAsync(Filter with { DeviceTypes = devices.Order().ToList() });

    private Task ChangeSuspicionReasonsAsync(IReadOnlyCollection<SuspicionReasons> reasons) =>
        ChangeAsync(Filter with { SuspicionReasons = reasons.Order().ToList() });

    private Task ChangeRiskLevelsAsync(IReadOnlyCollection<RiskLevel> levels) => ChangeAsync(Filter with { RiskLevels = levels.Order().ToList() });

    private Task ClearAsnAsync(MudChip<string> chip) => ChangeAsync(Filter with { Asn = null });

    private Task ChangeSuspiciousAsync(string? value) => ChangeAsync(Filter with
    {
        Suspicious = value switch { "yes" => true, "no" => false, _ => null },
    });

    private static string SuspiciousText(string? value) => value switch { "yes" => "Only suspicious", "no" => "Not suspicious", _ => "Any" };

    private Task ChangeFromAsync(DateTime? local) => ChangeAsync(Filter with { From = ToUtc(local) });

    private Task ChangeToAsync(DateTime? local) => ChangeAsync(Filter with { To = ToUtc(local) });

    private Task ClearAsync() => ChangeAsync(new LoginHistoryFilter());

    private Task ChangeAsync(LoginHistoryFilter filter) => FilterChanged.InvokeAsync(filter);

    /// <summary>The date pickers speak the reader's wall-clock time; the filter (and the URL) hold UTC.</summary>
    private DateTime? ToLocal(DateTime? utc) => utc is { } value ? TimeZone.ToLocal(value) : null;

    private DateTime? ToUtc(DateTime? local)
    {
        if (local is not { } value)
        {
            return null;
        }

        // A wall-clock time skipped by a daylight-saving jump does not exist; the hour after it is what was meant.
        var wallClock = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        if (TimeZone.Zone.IsInvalidTime(wallClock))
        {
            wallClock = wallClock.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(wallClock, TimeZone.Zone);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private void OnZoneChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose() => TimeZone.Changed -= OnZoneChanged;
}
