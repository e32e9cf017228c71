using System.Security.Claims;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using LoginAudit.Data.Live;
using LoginAudit.Web.Components.Pages.Admin.History;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using MudBlazor;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>
/// The login-history grid. The filter lives in the URL (bookmarks, sharing, the back button); paging and sorting
/// are the grid's, and every page is one SQL query through <see cref="LoginHistoryService"/>. The columns shown,
/// their order and the row height are the administrator's, remembered in this browser.
/// </summary>
public sealed partial class Logins
{
    private static readonly int[] PageSizes = [25, 50, 100];
    private static readonly MarkupString DetailsIcon = new(Icons.Material.Filled.OpenInNew);

    private MudDataGrid<HistoryRow>? grid;
    private LoginHistoryFilter filter = new();
    private LoginHistoryPage? page;
    private LoginHistorySort sort = LoginHistorySort.NewestFirst;
    private ColumnLayout layout = ColumnLayout.Default;
    private string? layoutKey;
    private int rowsPerPage = PageSizes[0];
    private int gridVersion;
    private bool showColumnChooser;
    private HistoryRow? selected;

    /// <summary>While prerendering only: the first page, so the page's HTML holds its rows before the circuit starts.</summary>
    private IReadOnlyList<HistoryRow>? prerenderedRows;
    private int newEvents;
    private IDisposable? liveSubscription;

    [Inject]
    private LoginHistoryService History { get; set; } = default!;

    [Inject]
    private LoginEventFeed Feed { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private AuditWindows Windows { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private string CountText => page switch
    {
        null => "Loading events…",
        { TotalIsCapped: true } => $"{HumanFormat.Count(page.Total)}+ events",
        { Total: 1 } => "1 event",
        _ => $"{HumanFormat.Count(page.Total)} events",
    };

    private string NewEventsText => newEvents == 1 ? "1 new event" : $"{HumanFormat.Count(newEvents)} new events";

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        filter = ReadFilter();

        // The grid asks for its pages only once interactive; the prerendered HTML gets the first one from here.
        if (!RendererInfo.IsInteractive)
        {
            page = await History.GetPageAsync(filter, sort, 0, rowsPerPage);
            prerenderedRows = page.Rows.Select(HistoryRow.From).ToList();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only a live circuit listens and reads the browser's storage (after-render never runs while prerendering).
        if (!firstRender)
        {
            return;
        }

        liveSubscription = Feed.Subscribe(OnLoginEventAsync);
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        layoutKey = $"loginaudit.history.layout.{user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous"}";
        var stored = ColumnLayout.Parse(await JS.InvokeAsync<string?>("loginAudit.load", layoutKey));
        if (stored.Serialize() != layout.Serialize())
        {
            // The grid registers its columns once: another order is a new grid.
            layout = stored;
            gridVersion++;
            StateHasChanged();
        }
    }

    /// <summary>The grid asks for each page (paging, sorting, a new grid after a filter change): one SQL query.</summary>
    private async Task<GridData<HistoryRow>> LoadServerDataAsync(GridState<HistoryRow> state, CancellationToken cancellationToken)
    {
        var sorted = state.SortDefinitions.FirstOrDefault();
        sort = sorted is null ? LoginHistorySort.NewestFirst : HistoryColumns.SortOf(sorted.SortBy, sorted.Descending);
        try
        {
            page = await History.GetPageAsync(filter, sort, state.Page * state.PageSize, state.PageSize, cancellationToken);
        }
        finally
        {
            // The count above the grid is this page's, not the grid's: render it with the rows.
            _ = InvokeAsync(StateHasChanged);
        }

        return new GridData<HistoryRow> { Items = page.Rows.Select(HistoryRow.From).ToList(), TotalItems = page.Total };
    }

    /// <summary>The current sort, for a grid built anew (a filter change) to start sorted as the old one was.</summary>
    private SortDirection Direction(HistoryColumn column) =>
        HistoryColumns.SortColumn(column) != sort.Column ? SortDirection.None
        : sort.Descending ? SortDirection.Descending
        : SortDirection.Ascending;

    /// <summary>A filter change is a navigation: the URL is the state, and <see cref="OnLocationChanged"/> applies it.</summary>
    private Task ShowFilterAsync(LoginHistoryFilter requested)
    {
        Navigation.NavigateTo(LoginHistoryLinks.Page(requested));
        return Task.CompletedTask;
    }

    /// <summary>New events are the newest: they are only on page one when the grid is sorted newest first.</summary>
    private void ShowNewEventsAsync()
    {
        newEvents = 0;
        sort = LoginHistorySort.NewestFirst;
        ReloadFromFirstPage();
    }

    private void OpenDetails(DataGridRowClickEventArgs<HistoryRow> args) => OpenDetails(args.Item);

    private void OpenDetails(HistoryRow row) => selected = row;

    private void CloseDetails() => selected = null;

    private string RowClass(HistoryRow row, int index) => row.Id == selected?.Id ? "history-row selected" : "history-row";

    private void ToggleColumnChooser() => showColumnChooser = !showColumnChooser;

    private Task ChangeDensityAsync(bool dense) => ChangeLayoutAsync(layout with { Dense = dense });

    private async Task ChangeLayoutAsync(ColumnLayout changed)
    {
        var reordered = !changed.Visible.SequenceEqual(layout.Visible);
        layout = changed;

        // The grid registers its columns once: another order is a new grid (on the same page of rows).
        if (reordered)
        {
            gridVersion++;
        }

        if (layoutKey is not null)
        {
            await JS.InvokeVoidAsync("loginAudit.save", layoutKey, layout.Serialize());
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs args) => _ = InvokeAsync(() =>
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
        ReloadFromFirstPage();
        StateHasChanged();
    });

    /// <summary>A new grid: page one, the current sort and page size, rows asked for again.</summary>
    private void ReloadFromFirstPage()
    {
        page = null;
        gridVersion++;
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
    }
}
