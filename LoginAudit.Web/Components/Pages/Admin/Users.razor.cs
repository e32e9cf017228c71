using LoginAudit.Data.Dashboards;
using LoginAudit.Data.UserActivity;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>Every account, a page at a time, with its last sign-in, its failures in the range and its sessions now.</summary>
public partial class Users
{
    private const int PageSize = 25;

    private RadzenDataGrid<UserSummary>? grid;
    private IReadOnlyList<UserSummary> rows = [];
    private int total;
    private bool gridLoading;
    private string? search;
    private string? searched;
    private UserListSort sort;

    /// <summary>The range the grid counts failures over; set before the grid asks for a page.</summary>
    private DashboardRange? countedRange;

    [Inject]
    private UserActivityService Activity { get; set; } = default!;

    /// <summary>The first page of the range; later pages, searches and sorts go through the grid's LoadData.</summary>
    protected override async Task LoadAsync(DashboardRange range, CancellationToken cancellationToken)
    {
        countedRange = range;
        await LoadAsync(0, cancellationToken);
        if (grid is not null)
        {
            // Back to page one without asking again: the rows above are that page.
            await grid.FirstPage(forceReload: false);
        }
    }

    private async Task LoadPageAsync(LoadDataArgs args) => await LoadAsync(args.Skip ?? 0, CancellationToken.None);

    private async Task LoadAsync(int skip, CancellationToken cancellationToken)
    {
        if (countedRange is null)
        {
            return;
        }

        gridLoading = true;
        var page = await Activity.GetUsersAsync(
            new UserListQuery(countedRange.From, countedRange.To, searched, sort, skip, PageSize), cancellationToken);
        (rows, total, gridLoading) = (page.Rows, page.Total, false);
    }

    private async Task SearchAsync()
    {
        searched = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        await LoadAsync(0, CancellationToken.None);
        if (grid is not null)
        {
            await grid.FirstPage(forceReload: false);
        }
    }

    /// <summary>The user's page, in the same range.</summary>
    private string UserHref(UserSummary user) => $"/admin/users/{Uri.EscapeDataString(user.Id)}{Selection.ToQueryString()}";
}
