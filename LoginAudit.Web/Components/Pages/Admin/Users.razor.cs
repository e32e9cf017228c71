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

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The search, in the URL like the range, so a filtered list can be bookmarked and gone back to.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? SearchText { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? SortName { get; set; }

    protected override Task OnParametersSetAsync()
    {
        searched = string.IsNullOrWhiteSpace(SearchText) ? null : SearchText.Trim();
        search = searched;
        sort = Enum.TryParse<UserListSort>(SortName, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : UserListSort.UserName;
        return base.OnParametersSetAsync();
    }

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

    /// <summary>A new history entry; the page reloads from the URL like after a range change.</summary>
    private void Search() => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["q"] = string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
        ["sort"] = sort == UserListSort.UserName ? null : sort.ToString(),
    }));

    /// <summary>The user's page, in the same range.</summary>
    private string UserHref(UserSummary user) => $"/admin/users/{Uri.EscapeDataString(user.Id)}{Selection.ToQueryString()}";
}
