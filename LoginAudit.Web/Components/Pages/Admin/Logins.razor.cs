using System.Security.Claims;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using LoginAudit.Web.Components.Pages.Admin.History;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using MudBlazor;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>
/// The login-history grid, rendered statically. The URL is the view (<see cref="HistoryView"/>: filter, sort, page,
/// page size, open details), and every page is one SQL query through <see cref="LoginHistoryService"/>. The columns
/// shown, their order and the row height are the administrator's, remembered in this browser's cookie.
/// </summary>
public sealed partial class Logins
{
    private static readonly MarkupString DetailsIcon = new(Icons.Material.Filled.OpenInNew);

    private HistoryView view = new();
    private LoginHistoryPage? page;
    private IReadOnlyList<HistoryRow> rows = [];
    private ColumnLayout layout = ColumnLayout.Default;
    private DateTimeOffset loadedAt;
    private DateTime liveFrom;
    private DateTime? liveTo;

    [Inject]
    private LoginHistoryService History { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private AuditWindows Windows { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private LoginHistoryFilter Filter => view.Filter;

    private HistoryRow? Selected => rows.FirstOrDefault(row => row.Id == view.Details);

    private string CountText => page switch
    {
        null => "Loading events…",
        { TotalIsCapped: true } => $"{HumanFormat.Count(page.Total)}+ events",
        { Total: 1 } => "1 event",
        _ => $"{HumanFormat.Count(page.Total)} events",
    };

    private string PageInfo => rows.Count == 0
        ? ""
        : $"{HumanFormat.Count(view.Offset + 1)}–{HumanFormat.Count(view.Offset + rows.Count)} of {CountText}";

    /// <summary>A capped count is a lower bound: there is a next page as long as this one is full.</summary>
    private bool HasNextPage => page is not null && (page.TotalIsCapped ? rows.Count == view.Size : view.Offset + rows.Count < page.Total);

    /// <summary>Where the new-events notice leads: the same filter, newest first, from page one.</summary>
    private string NewestHref => (view with { SortColumn = null, Ascending = false, Page = 1, Details = null }).Href();

    protected override async Task OnInitializedAsync()
    {
        var query = new Uri(Navigation.Uri).Query;
        view = HistoryView.Parse(query);
        if (!view.IsCanonical(query))
        {
            // The filter form sent its custom range in the reader's wall-clock time: the URL to keep holds it in UTC.
            Navigation.NavigateTo(view.Href());
            return;
        }

        if (HttpContext is not null && AuthenticationState is not null)
        {
            var adminId = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
            layout = ColumnLayoutCookie.Read(HttpContext, adminId);
        }

        loadedAt = Clock.GetUtcNow();
        var (from, to) = Filter.ResolveRange(Windows.Current());
        (liveFrom, liveTo) = (from ?? DateTime.MinValue, Filter.Range == LoginHistoryRange.Custom ? to : null);
        page = await History.GetPageAsync(Filter, view.Sort, view.Offset, view.Size);

        // Past the last page (the rows shrank since the link was made): the last page.
        if (page.Rows.Count == 0 && view.Page > 1 && page.Total > 0 && !page.TotalIsCapped)
        {
            view = view with { Page = ((page.Total - 1) / view.Size) + 1 };
            page = await History.GetPageAsync(Filter, view.Sort, view.Offset, view.Size);
        }

        rows = page.Rows.Select(HistoryRow.From).ToList();
    }

    private string AriaSort(HistoryColumn column) => !view.IsSortedBy(column) ? "none" : view.Ascending ? "ascending" : "descending";

    private string PageHref(int number) => (view with { Page = number, Details = null }).Href();

    /// <summary>The row's details beside the same grid; the fragment brings the panel into view.</summary>
    private string DetailsHref(HistoryRow row) => (view with { Details = row.Id }).Href() + "#login-details";
}
