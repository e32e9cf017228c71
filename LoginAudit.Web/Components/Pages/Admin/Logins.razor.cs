using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using LoginAudit.Data.Live;
using LoginAudit.Web.Components.Pages.Admin.History;
using LoginAudit.Web.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Radzen;
using Radzen.Blazor;
using LoginLog = LoginAudit.Data.Auditing.LoginLog;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>
/// The login-history grid. The filter lives in the URL (bookmarks, sharing, the back button); paging and sorting
/// are the grid's, and every page is one SQL query through <see cref="LoginHistoryService"/>.
/// </summary>
public sealed partial class Logins
{
    private const int DefaultPageSize = 25;

    private static readonly IEnumerable<int> PageSizes = [25, 50, 100];

    private RadzenDataGrid<LoginLog>? grid;
    private LoginHistoryFilter filter = new();
    private LoginHistoryPage? page;
    private bool loading;
    private int newEvents;
    private IDisposable? liveSubscription;
    private CancellationTokenSource? queryCancellation;

    [Inject]
    private LoginHistoryService History { get; set; } = default!;

    [Inject]
    private LoginEventFeed Feed { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private AuditWindows Windows { get; set; } = default!;

    private string CountText => page switch
    {
        { TotalIsCapped: true } => $"{HumanFormat.Count(page.Total)}+ events",
        { Total: 1 } => "1 event",
        _ => $"{HumanFormat.Count(page?.Total ?? 0)} events",
    };

    private string NewEventsText => newEvents == 1 ? "1 new event" : $"{HumanFormat.Count(newEvents)} new events";

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        filter = ReadFilter();

        // Loaded here, not by the grid's LoadData (which Radzen first calls after the first interactive render),
        // so that the prerendered HTML already holds the first page of rows.
        await QueryAsync(LoginHistorySort.NewestFirst, 0, DefaultPageSize);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Only a live circuit listens (after-render never runs while prerendering).
        if (firstRender)
        {
            liveSubscription = Feed.Subscribe(OnLoginEventAsync);
        }
    }

    private async Task LoadPageAsync(LoadDataArgs args)
    {
        loading = true;
        try
        {
            await QueryAsync(LoginHistorySort.FromOrderBy(args.OrderBy), args.Skip ?? 0, args.Top ?? DefaultPageSize);
        }
        finally
        {
            loading = false;
        }
    }

    /// <summary>A filter change is a navigation: the URL is the state, and <see cref="OnLocationChanged"/> applies it.</summary>
    private Task ShowFilterAsync(LoginHistoryFilter requested)
    {
        Navigation.NavigateTo(LoginHistoryLinks.Page(requested));
        return Task.CompletedTask;
    }

    private async Task ShowNewEventsAsync()
    {
        newEvents = 0;

        // New events are the newest: they are only on page one when the grid is sorted newest first.
        if (grid is not null)
        {
            grid.Sorts.Clear();
            grid.Sorts.Add(new SortDescriptor { Property = nameof(LoginLog.CreatedAt), SortOrder = SortOrder.Descending });
        }

        await ReloadFromFirstPageAsync();
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs args) => _ = InvokeAsync(async () =>
    {
        try
        {
            await ApplyLocationAsync();
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    });

    private async Task ApplyLocationAsync()
    {
        // Leaving for another page also raises LocationChanged; only this page's own URLs are filters.
        if (!IsThisPage(Navigation.Uri))
        {
            return;
        }

        var requested = ReadFilter();
        if (requested.ToQueryString() == filter.ToQueryString())
        {
            return;
        }

        filter = requested;
        newEvents = 0;
        await ReloadFromFirstPageAsync();
        StateHasChanged();
    }

    private async Task ReloadFromFirstPageAsync()
    {
        if (grid is null)
        {
            await QueryAsync(LoginHistorySort.NewestFirst, 0, DefaultPageSize);
            return;
        }

        // Back to page one with the grid's own sort and page size; this calls LoadPageAsync.
        await grid.FirstPage(forceReload: true);
    }

    /// <summary>
    /// Runs one page query and shows its rows. A newer query (quick paging, a filter change) cancels this one,
    /// so an older answer arriving late never replaces a newer one.
    /// </summary>
    private async Task QueryAsync(LoginHistorySort sort, int skip, int take)
    {
        queryCancellation?.Cancel();
        queryCancellation?.Dispose();
        queryCancellation = new CancellationTokenSource();
        var cancellation = queryCancellation.Token;
        try
        {
            page = await History.GetPageAsync(filter, sort, skip, take, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Superseded: the newer query shows its rows.
        }
    }

    private Task OnLoginEventAsync(LoginEventNotice notice) => InvokeAsync(() =>
    {
        if (LiveEventMatch.MightMatch(filter, notice, Windows.Current()))
        {
            newEvents++;
            StateHasChanged();
        }
    });

    private LoginHistoryFilter ReadFilter() => LoginHistoryFilter.Parse(new Uri(Navigation.Uri).Query);

    private bool IsThisPage(string uri)
    {
        var path = Navigation.ToBaseRelativePath(uri).Split('?', '#')[0].TrimEnd('/');
        return string.Equals(path, LoginHistoryLinks.PagePath, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        liveSubscription?.Dispose();
        queryCancellation?.Cancel();
        queryCancellation?.Dispose();
    }
}
