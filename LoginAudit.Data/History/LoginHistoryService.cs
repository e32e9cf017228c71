using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.History;

/// <summary>One page of the history grid and how many rows match in all.</summary>
/// <param name="Total">Rows matching the filter, counted up to <see cref="LoginHistoryOptions.CountCap"/>.</param>
/// <param name="TotalIsCapped">True when more rows match than were counted: show "10,000+" rather than a number.</param>
public sealed record LoginHistoryPage(IReadOnlyList<LoginLog> Rows, int Total, bool TotalIsCapped);

public sealed class LoginHistoryOptions
{
    /// <summary>
    /// Counting stops here: the grid only needs to know there are more pages than anyone will click through,
    /// and an exact count of a month (a million rows) costs a full index scan on every page change.
    /// </summary>
    public int CountCap { get; set; } = 10_000;

    /// <summary>The largest page a caller may ask for.</summary>
    public int MaximumPageSize { get; set; } = 1_000;

    /// <summary>A search matching more rows than this is joined rows-first for newest-first pages (see <see cref="LoginSearchPlan"/>).</summary>
    public int RowsFirstSearchThreshold { get; set; } = 5_000;
}

/// <summary>The login-history grid's data (one page of its server-side data): filter, sort, page and count in SQL.</summary>
public sealed class LoginHistoryService(
    IDbContextFactory<LoginAuditDbContext> contextFactory, AuditWindows windows, IOptions<LoginHistoryOptions> options)
{
    public async Task<LoginHistoryPage> GetPageAsync(
        LoginHistoryFilter filter, LoginHistorySort sort, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(sort);
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, options.Value.MaximumPageSize);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var searchPlan = await ChooseSearchPlanAsync(db, filter, sort, cancellationToken);
        var matching = LoginHistoryQuery.Apply(db, filter, windows.Current(), searchPlan);

        var rows = await matching.OrderBy(sort).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var cap = options.Value.CountCap;
        var counted = await matching.Take(cap + 1).CountAsync(cancellationToken);
        return new LoginHistoryPage(rows, Math.Min(counted, cap), counted > cap);
    }

    /// <summary>
    /// For a newest-first page, a search term that matches many rows is joined rows-first (measured at a million rows:
    /// a name in 85,000 rows took 0.4 s index-first, looking up and sorting every match). How many match is read from
    /// the search index alone, counting no further than the threshold.
    /// </summary>
    private async Task<LoginSearchPlan> ChooseSearchPlanAsync(
        LoginAuditDbContext db, LoginHistoryFilter filter, LoginHistorySort sort, CancellationToken cancellationToken)
    {
        // PostgreSQL weighs the plans itself, from its statistics.
        if (sort.Column != LoginHistorySortColumn.CreatedAt || db.Database.IsNpgsql() || LoginLogSearch.ToFtsQuery(filter.Search) is not { } ftsQuery)
        {
            return LoginSearchPlan.SearchIndexFirst;
        }

        var threshold = options.Value.RowsFirstSearchThreshold;
        var matches = await db.Set<LoginLogSearchEntry>().Where(entry => entry.Match == ftsQuery).Take(threshold + 1).CountAsync(cancellationToken);
        return matches > threshold ? LoginSearchPlan.RowsFirst : LoginSearchPlan.SearchIndexFirst;
    }
}
