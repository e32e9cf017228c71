using LoginAudit.Data.Dashboards;
using LoginAudit.Data.UserActivity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>Every account, a page at a time, with its last sign-in, its failures in the range and its sessions now.</summary>
public partial class Users
{
    private const int PageSize = 25;

    private MudDataGrid<UserSummary>? grid;
    private string? search;
    private string? searched;
    private UserListSort sort;

    /// <summary>How many accounts the range's first load found: none at all (and no search) shows the empty state.</summary>
    private int? firstTotal;

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

    /// <summary>Counts the accounts of the range; the grid then asks for its pages itself (and again after a change).</summary>
    protected override async Task LoadAsync(DashboardRange range, CancellationToken cancellationToken)
    {
        countedRange = range;
        var first = await Activity.GetUsersAsync(new UserListQuery(range.From, range.To, searched, sort, 0, 1), cancellationToken);
        firstTotal = first.Total;
        if (grid is not null)
        {
            await grid.ReloadServerData();
        }
    }

    private async Task<GridData<UserSummary>> LoadPageAsync(GridState<UserSummary> state, CancellationToken cancellationToken)
    {
        if (countedRange is null)
        {
            return new GridData<UserSummary> { Items = [], TotalItems = 0 };
        }

        var page = await Activity.GetUsersAsync(
            new UserListQuery(countedRange.From, countedRange.To, searched, sort, state.Page * state.PageSize, state.PageSize), cancellationToken);
        return new GridData<UserSummary> { Items = page.Rows, TotalItems = page.Total };
    }

    private void SortAsync(UserListSort chosen)
    {
        sort = chosen;
        Search();
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
