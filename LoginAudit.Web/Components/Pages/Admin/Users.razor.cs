using System.Globalization;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.UserActivity;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>Every account, a page at a time, with its last sign-in, its failures in the range and its sessions now.</summary>
public partial class Users
{
    private const int PageSize = 25;

    /// <summary>The longest search read from the URL: longer is cut, not refused, so a pasted value still searches.</summary>
    private const int MaxSearchLength = 256;

    private static readonly IReadOnlyList<(UserListSort Value, string Label)> SortChoices =
    [
        (UserListSort.UserName, "User name"),
        (UserListSort.LastSignIn, "Last sign-in, newest first"),
        (UserListSort.Failures, "Failures in range, most first"),
        (UserListSort.ActiveSessions, "Active sessions, most first"),
    ];

    private string? searched;
    private UserListSort sort;
    private int page;
    private UserListPage? list;

    [Inject]
    private UserActivityService Activity { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The search, in the URL like the range, so a filtered list can be bookmarked and gone back to.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? SearchText { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? SortName { get; set; }

    /// <summary>The page, from 1; read as text, so that <c>?page=abc</c> is the first page rather than an error.</summary>
    [SupplyParameterFromQuery(Name = "page")]
    public string? PageText { get; set; }

    /// <summary>The list's own query values, kept when the range changes (the page starts again at 1).</summary>
    private IReadOnlyDictionary<string, string?> ListQuery => new Dictionary<string, string?>
    {
        ["q"] = searched,
        ["sort"] = sort == UserListSort.UserName ? null : sort.ToString(),
    };

    private int LastPage => PageCount(list?.Total ?? 0);

    private string PageInfo => list is null
        ? ""
        : $"{HumanFormat.Count(((page - 1) * PageSize) + 1)}–{HumanFormat.Count(((page - 1) * PageSize) + list.Rows.Count)} of {HumanFormat.Count(list.Total)} users";

    protected override Task OnParametersSetAsync()
    {
        var trimmed = SearchText?.Trim();
        searched = string.IsNullOrEmpty(trimmed) ? null : trimmed[..Math.Min(trimmed.Length, MaxSearchLength)];
        sort = Enum.TryParse<UserListSort>(SortName, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : UserListSort.UserName;
        page = int.TryParse(PageText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 ? number : 1;
        return base.OnParametersSetAsync();
    }

    /// <summary>The page of the URL; past the last page, the last one (a list that shrank since the link was made).</summary>
    protected override async Task LoadAsync(DashboardRange range, CancellationToken cancellationToken)
    {
        var loaded = await Activity.GetUsersAsync(PageQuery(range), cancellationToken);
        if (page > PageCount(loaded.Total))
        {
            page = PageCount(loaded.Total);
            loaded = await Activity.GetUsersAsync(PageQuery(range), cancellationToken);
        }

        list = loaded;
    }

    private static int PageCount(int total) => Math.Max(1, (total + PageSize - 1) / PageSize);

    private UserListQuery PageQuery(DashboardRange range) => new(range.From, range.To, searched, sort, (page - 1) * PageSize, PageSize);

    private string PageHref(int number) => Navigation.GetUriWithQueryParameter("page", number == 1 ? null : number);

    /// <summary>The user's page, in the same range.</summary>
    private string UserHref(UserSummary user) => $"/admin/users/{Uri.EscapeDataString(user.Id)}{Selection.ToQueryString()}";
}
