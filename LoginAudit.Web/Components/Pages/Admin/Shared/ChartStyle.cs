using LoginAudit.Data.Dashboards;
using MudBlazor;

namespace LoginAudit.Web.Components.Pages.Admin.Shared;

/// <summary>The dashboard charts' colours and time axes: green for sign-ins, red for failures, in every chart.</summary>
public static class ChartStyle
{
    public const string SuccessColor = "#43a047";
    public const string FailureColor = "#e53935";

    /// <summary>For categories (reasons, signals): distinct in both schemes, the first one the failure red.</summary>
    public static readonly string[] CategoryPalette =
        [FailureColor, "#fb8c00", "#8e24aa", "#1e88e5", "#00897b", "#6d4c41", "#546e7a", "#c0ca33"];

    /// <summary>A time axis that labels about eight buckets, whatever the range's length.</summary>
    public static TimeSeriesChartOptions TimeSeries(TimeBucketSize size, int buckets, params string[] palette)
    {
        var bucket = size == TimeBucketSize.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        return new TimeSeriesChartOptions
        {
            ChartPalette = palette,
            TimeLabelFormat = size == TimeBucketSize.Hour ? "HH:mm" : "MMM d",
            TooltipTimeLabelFormat = size == TimeBucketSize.Hour ? "MMM d HH:mm" : "ddd MMM d",
            TimeLabelSpacing = bucket * Math.Max(1, (int)Math.Ceiling(buckets / 8.0)),
            YAxisRequireZeroPoint = true,
            ClampToZero = true,
            ShowDataMarkers = buckets <= 48,
            LineStrokeWidth = 2.5,
            ShowLegend = palette.Length > 1,
        };
    }
}
