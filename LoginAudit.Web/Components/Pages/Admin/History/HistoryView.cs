using System.Globalization;
using LoginAudit.Data.History;
using LoginAudit.Web.Components.Pages.Admin.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>
/// Everything the statically rendered history page shows, read from its URL: the filter (what the export writes too),
/// then the grid's own keys, which the export and the filter links leave out: the sort (<c>sort=User&amp;dir=asc</c>),
/// the page from 1 (<c>page</c>), the rows per page (<c>size</c>) and the event whose details are open (<c>details</c>).
/// Read forgivingly like the filter: anything unknown is the default.
/// </summary>
public sealed record HistoryView
{
    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100];

    private const string SortKey = "sort";
    private const string DirectionKey = "dir";
    private const string PageKey = "page";
    private const string SizeKey = "size";
    private const string DetailsKey = "details";

    public LoginHistoryFilter Filter { get; init; } = new();

    /// <summary>The sorted column; null is the default, newest first.</summary>
    public HistoryColumn? SortColumn { get; init; }

    public bool Ascending { get; init; }

    public int Page { get; init; } = 1;

    public int Size { get; init; } = PageSizes[0];

    public long? Details { get; init; }

    public LoginHistorySort Sort => SortColumn is { } column
        ? new LoginHistorySort(HistoryColumns.SortColumn(column), Descending: !Ascending)
        : LoginHistorySort.NewestFirst;

    public int Offset => (Page - 1) * Size;

    /// <summary>
    /// Reads the query. The filter form sends a custom range as wall-clock times with the reader's <c>zone</c>; those
    /// are read in that zone here, and <see cref="IsCanonical"/> is false so the page can redirect to the UTC form.
    /// </summary>
    public static HistoryView Parse(string? query)
    {
        var values = string.IsNullOrEmpty(query) ? new Dictionary<string, StringValues>() : QueryHelpers.ParseQuery(query);
        var filter = LoginHistoryFilter.Parse(values);
        if (filter.Range == LoginHistoryRange.Custom && Value(values, RangeSelection.ZoneKey) is { } zone)
        {
            var local = RangeSelection.Parse(null, Value(values, RangeSelection.FromKey), Value(values, RangeSelection.ToKey), zone);
            filter = filter with { From = local.From, To = local.To };
        }

        return new HistoryView
        {
            Filter = filter,
            SortColumn = Enum.TryParse<HistoryColumn>(Value(values, SortKey), ignoreCase: true, out var column) && Enum.IsDefined(column) ? column : null,
            Ascending = string.Equals(Value(values, DirectionKey), "asc", StringComparison.OrdinalIgnoreCase),
            Page = int.TryParse(Value(values, PageKey), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= 1_000_000 ? page : 1,
            Size = int.TryParse(Value(values, SizeKey), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && PageSizes.Contains(size) ? size : PageSizes[0],
            Details = long.TryParse(Value(values, DetailsKey), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null,
        };
    }

    /// <summary>Whether <paramref name="query"/> is already this view's own URL (no wall-clock range to convert).</summary>
    public bool IsCanonical(string? query) => !(query ?? "").Contains(RangeSelection.ZoneKey + "=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The page's URL for this view (relative to the app's base).</summary>
    public string Href()
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        if (SortColumn is { } column)
        {
            parameters.Add(new(SortKey, column.ToString()));
            if (Ascending)
            {
                parameters.Add(new(DirectionKey, "asc"));
            }
        }

        if (Size != PageSizes[0])
        {
            parameters.Add(new(SizeKey, Size.ToString(CultureInfo.InvariantCulture)));
        }

        if (Page > 1)
        {
            parameters.Add(new(PageKey, Page.ToString(CultureInfo.InvariantCulture)));
        }

        if (Details is { } details)
        {
            parameters.Add(new(DetailsKey, details.ToString(CultureInfo.InvariantCulture)));
        }

        var filter = Filter.ToQueryString();
        var grid = QueryString.Create(parameters).ToUriComponent();
        return LoginHistoryLinks.PagePath + (filter.Length == 0 ? grid : grid.Length == 0 ? filter : filter + "&" + grid[1..]);
    }

    /// <summary>The rows sorted by <paramref name="column"/>, ascending first, as a grid's heading does; again: the other way round.</summary>
    public HistoryView SortedBy(HistoryColumn column)
    {
        var ascending = !IsSortedBy(column) || !Ascending;

        // Newest first is the default, so it has no key of its own.
        return this with { SortColumn = column == HistoryColumn.Time && !ascending ? null : column, Ascending = ascending, Page = 1, Details = null };
    }

    public bool IsSortedBy(HistoryColumn column) => (SortColumn ?? HistoryColumn.Time) == column;

    /// <summary>The grid's keys kept as hidden fields of the filter form (a new filter starts again at page one).</summary>
    public IEnumerable<(string Name, string Value)> GridFields()
    {
        if (SortColumn is { } column)
        {
            yield return (SortKey, column.ToString());
            if (Ascending)
            {
                yield return (DirectionKey, "asc");
            }
        }

        if (Size != PageSizes[0])
        {
            yield return (SizeKey, Size.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string? Value(Dictionary<string, StringValues> values, string key) =>
        values.TryGetValue(key, out var value) && value.FirstOrDefault() is { Length: > 0 and <= 64 } text ? text.Trim() : null;
}
