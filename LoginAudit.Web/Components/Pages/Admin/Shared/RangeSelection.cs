using System.Globalization;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using LoginAudit.Web.Components.Shared;

namespace LoginAudit.Web.Components.Pages.Admin.Shared;

/// <summary>
/// The time range a dashboard page shows, as it lives in the page's URL: <c>?range=7d</c> for a preset that ends now,
/// or <c>?from=…&amp;to=…</c> (UTC) for a custom one; with <c>&amp;zone=…</c> (an IANA or Windows zone id, as the
/// static pages' custom range form sends it) bounds without an offset are wall-clock times in that zone. Parsing never fails: anything unreadable falls back to the
/// default preset, so a mangled bookmark still opens the page.
/// </summary>
/// <remarks>
/// The presets are the history grid's (<see cref="LoginHistoryRange"/>), so a drill-down link carries the same range.
/// </remarks>
public sealed record RangeSelection
{
    public const string RangeKey = "range";
    public const string FromKey = "from";
    public const string ToKey = "to";
    public const string ZoneKey = "zone";

    public static readonly RangeSelection Default = new(LoginHistoryRange.Last24Hours);

    /// <summary>The presets in the order the picker offers them, with their URL names and labels.</summary>
    public static readonly IReadOnlyList<(LoginHistoryRange Preset, string Name, string Label)> Presets =
    [
        (LoginHistoryRange.LastHour, "1h", "Last hour"),
        (LoginHistoryRange.Last24Hours, "24h", "Last 24 hours"),
        (LoginHistoryRange.Last7Days, "7d", "Last 7 days"),
        (LoginHistoryRange.Last30Days, "30d", "Last 30 days"),
    ];

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public RangeSelection(LoginHistoryRange preset, DateTime? from = null, DateTime? to = null)
    {
        Preset = preset;
        From = preset == LoginHistoryRange.Custom ? from : null;
        To = preset == LoginHistoryRange.Custom ? to : null;
    }

    public LoginHistoryRange Preset { get; }

    /// <summary>Start (UTC) of a custom range; null means a day before <see cref="To"/>.</summary>
    public DateTime? From { get; }

    /// <summary>End (UTC) of a custom range; null means now.</summary>
    public DateTime? To { get; }

    public bool IsCustom => Preset == LoginHistoryRange.Custom;

    /// <summary>
    /// Reads the page's query values; a custom range needs at least one readable bound. An unknown
    /// <paramref name="zone"/> is no zone: its bounds are read as UTC.
    /// </summary>
    public static RangeSelection Parse(string? range, string? from, string? to, string? zone = null)
    {
        var preset = Presets.FirstOrDefault(known => string.Equals(known.Name, range?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (preset.Name is not null)
        {
            return new RangeSelection(preset.Preset);
        }

        var wallClockZone = zone is { Length: <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? found : TimeZoneInfo.Utc;
        var (start, end) = (ParseTime(from, wallClockZone), ParseTime(to, wallClockZone));
        if (start is null && end is null)
        {
            return Default;
        }

        // Swapped bounds are a slip, not a reason to show nothing.
        return start > end ? new RangeSelection(LoginHistoryRange.Custom, end, start) : new RangeSelection(LoginHistoryRange.Custom, start, end);
    }

    /// <summary>
    /// The UTC range this selection means in <paramref name="window"/> (at its <see cref="AuditWindow.Now"/>), clamped to
    /// it, bucketed in the viewer's <paramref name="utcOffset"/>.
    /// </summary>
    public DashboardRange Resolve(AuditWindow window, TimeSpan utcOffset)
    {
        var to = window.Clamp(IsCustom ? To ?? window.Now : window.Now);
        var from = window.Clamp(IsCustom ? From ?? to.AddDays(-1) : to - Length(Preset));
        return new DashboardRange(from > to ? to : from, to, utcOffset);
    }

    /// <summary>The query values for <c>NavigationManager.GetUriWithQueryParameters</c>; null removes a key.</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        [RangeKey] = IsCustom ? null : Presets.Single(known => known.Preset == Preset).Name,
        [FromKey] = From?.ToString(TimeFormat, CultureInfo.InvariantCulture),
        [ToKey] = To?.ToString(TimeFormat, CultureInfo.InvariantCulture),
        [ZoneKey] = null,
    };

    /// <summary>This range as a query string with its leading <c>?</c>, to carry it to another dashboard page.</summary>
    public string ToQueryString() => Microsoft.AspNetCore.Http.QueryString.Create(
        ToQueryParameters().Where(pair => pair.Value is not null).Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value!.ToString()))).ToUriComponent();

    /// <summary>
    /// The history grid's filter for the same range: a preset stays a preset (it rolls on, as it does here); a
    /// custom range is the resolved bounds, so that an open bound means what it meant on this page.
    /// </summary>
    public LoginHistoryFilter ToHistoryFilter(DashboardRange resolved) => IsCustom
        ? new LoginHistoryFilter { Range = LoginHistoryRange.Custom, From = resolved.From, To = resolved.To }
        : new LoginHistoryFilter { Range = Preset };

    /// <summary>"Last 7 days", or the custom bounds in the viewer's time zone.</summary>
    public string Describe(DashboardRange resolved, BrowserTimeZone zone) => IsCustom
        ? $"{HumanFormat.Time(resolved.From, zone)} to {HumanFormat.Time(resolved.To, zone)}"
        : Presets.Single(known => known.Preset == Preset).Label;

    private static TimeSpan Length(LoginHistoryRange preset) => preset switch
    {
        LoginHistoryRange.LastHour => TimeSpan.FromHours(1),
        LoginHistoryRange.Last7Days => TimeSpan.FromDays(7),
        LoginHistoryRange.Last30Days => TimeSpan.FromDays(30),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>A time with an offset (<c>Z</c>, <c>+02:00</c>) is that moment; one without is a wall-clock time in <paramref name="zone"/>.</summary>
    private static DateTime? ParseTime(string? value, TimeZoneInfo zone)
    {
        if (value is not { Length: <= 40 } || !DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time))
        {
            return null;
        }

        // AdjustToUniversal: a time with an offset comes back in UTC; one without stays unspecified.
        if (time.Kind == DateTimeKind.Utc)
        {
            return time;
        }

        // A time skipped by a clock change counts as the hour after, as in the interactive picker.
        var wallClock = zone.IsInvalidTime(time) ? time.AddHours(1) : time;
        return TimeZoneInfo.ConvertTimeToUtc(wallClock, zone);
    }
}
