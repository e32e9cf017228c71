using System.Globalization;
using LoginAudit.Data.Dashboards;

namespace LoginAudit.Web.Components.Pages.Admin.Shared;

/// <summary>How a chart names a time bucket; the bucket start is already in the reader's offset.</summary>
public static class BucketLabel
{
    public static string For(DateTimeOffset start, TimeBucketSize size) =>
        start.ToString(size == TimeBucketSize.Hour ? "MMM d HH:mm" : "ddd MMM d", CultureInfo.InvariantCulture);
}
