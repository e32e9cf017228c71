using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Integrity;
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

    /// <summary>
    /// A search matching more rows than this (with the rest of the filter) reads a time-sorted page in the search
    /// index's order (<see cref="LoginHistoryQuery.InSearchIndexOrder"/>); up to it, every match is looked up and sorted.
    /// </summary>
    public int FrequentSearchThreshold { get; set; } = 5_000;

    /// <summary>
    /// PostgreSQL: how many of the range's newest indexed rows a search first looks at, to tell a frequent term from a rare
    /// one: their share of matches predicts how far a newest-first walk must go to reach the cap.
    /// </summary>
    public int SearchProbeRows { get; set; } = 2_000;

    /// <summary>
    /// PostgreSQL: the most indexed rows a search walks in time order. A search whose probe predicts <see cref="CountCap"/> + 1
    /// matches within this many is counted by the walk (it stops at the cap), and one predicted to fill its page there is paged
    /// by it; any other count or page, and one the walk falls short of, through the trigram or prefix index (every match).
    /// Measured at a million rows (docs/query-plans.md, "Search beside the rows").
    /// </summary>
    public int SearchWalkRows { get; set; } = 40_000;
}

/// <summary>The login-history grid's data (one page of its server-side data): filter, sort, page and count in SQL.</summary>
public sealed class LoginHistoryService(
    IDbContextFactory<LoginAuditDbContext> contextFactory, AuditWindows windows, IOptions<LoginHistoryOptions> options)
{
    /// <summary>
    /// The seal of one row, for its details: the grid's pages read <c>login_logs</c> alone, since a seal is a row of
    /// <c>login_log_seals</c>; null while the row is not sealed yet.
    /// </summary>
    public async Task<LoginLogSeal?> GetSealAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.LoginLogSeals.AsNoTracking().SingleOrDefaultAsync(seal => seal.LoginLogId == id, cancellationToken);
    }

    public async Task<LoginHistoryPage> GetPageAsync(
        LoginHistoryFilter filter, LoginHistorySort sort, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(sort);
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, options.Value.MaximumPageSize);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var window = windows.Current();
        var cap = options.Value.CountCap;
        if (db.Database.IsNpgsql()
            && await PostgreSqlSearch.TryTimeSortedPageAsync(db, filter, window, sort, skip, take, options.Value, cancellationToken) is { } searched)
        {
            return searched;
        }

        if (db.Database.IsNpgsql() || LoginLogSearch.ToFtsQuery(filter.Search) is not { } ftsQuery)
        {
            // The page and its count are two statements that share no snapshot, so each runs on its own context at the same
            // time: a filter the indexes cannot narrow (a day's mobile sign-ins by user name) scans its rows twice, and the
            // grid waits for the slower scan instead of both.
            await using var countingDb = await contextFactory.CreateDbContextAsync(cancellationToken);
            var paging = LoginHistoryQuery.Apply(db, filter, window).OrderBy(sort).Skip(skip).Take(take).ToListAsync(cancellationToken);
            var counting = LoginHistoryQuery.Apply(countingDb, filter, window).Take(cap + 1).CountAsync(cancellationToken);
            await Task.WhenAll(paging, counting);
            var rows = await paging;
            var counted = await counting;
            return new LoginHistoryPage(rows, Math.Min(counted, cap), counted > cap);
        }

        // SQLite's search is counted in the search index's order, which stops at the cap: 10,001 matches of a term in
        // 84,000 rows are read and looked up, not all 84,000 collected into an id list, as the page's plan did too.
        var matches = await LoginHistoryQuery.InSearchIndexOrder(db, filter, window, ftsQuery, newestFirst: true).Take(cap + 1).CountAsync(cancellationToken);
        var page = sort.Column == LoginHistorySortColumn.CreatedAt && matches > options.Value.FrequentSearchThreshold
            ? await TimeSortedPageInSearchIndexOrderAsync(db, filter, window, ftsQuery, sort, skip, take, cancellationToken)
                ?? await LoginHistoryQuery.Apply(db, filter, window, LoginSearchPlan.RowsFirst).OrderBy(sort).Skip(skip).Take(take).ToListAsync(cancellationToken)
            : await LoginHistoryQuery.Apply(db, filter, window).OrderBy(sort).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new LoginHistoryPage(page, Math.Min(matches, cap), matches > cap);
    }

    /// <summary>
    /// The page of a time sort over a frequent term, from the ids and times of the first <c>skip + take</c> matches in the
    /// search index's order (rows are indexed in id order, the order they were written, so these are the newest, or
    /// oldest, matches), sorted by time. Those hold the page exactly when no row beyond them in id order lies on the
    /// page's side of its last row in time, which one walk of the time index from that row proves; when one does (a row
    /// written with an older clock), null: the caller takes a plan that does not depend on the order.
    /// </summary>
    private static async Task<List<LoginLog>?> TimeSortedPageInSearchIndexOrderAsync(
        LoginAuditDbContext db,
        LoginHistoryFilter filter,
        AuditWindow window,
        string ftsQuery,
        LoginHistorySort sort,
        int skip,
        int take,
        CancellationToken cancellationToken)
    {
        var inSearchIndexOrder = LoginHistoryQuery.InSearchIndexOrder(db, filter, window, ftsQuery, sort.Descending).Select(log => new { log.Id, log.CreatedAt });
        var needed = (int)Math.Min((long)skip + take, int.MaxValue);
        var candidates = await inSearchIndexOrder.Take(needed).ToListAsync(cancellationToken);
        var inTimeOrder = sort.Descending
            ? candidates.OrderByDescending(row => row.CreatedAt).ThenByDescending(row => row.Id).ToList()
            : candidates.OrderBy(row => row.CreatedAt).ThenBy(row => row.Id).ToList();
        if (candidates.Count == needed)
        {
            // The walk is bounded by the page's last row and the range's other end only ("id + 0": never by the primary key).
            var (from, to) = filter.ResolveRange(window);
            var last = inTimeOrder[^1].CreatedAt;
            var furthestId = candidates[^1].Id;
            var beyond = db.LoginLogs.Where(sort.Descending
                ? log => log.CreatedAt > last && log.Id + 0 < furthestId
                : log => log.CreatedAt < last && log.Id + 0 > furthestId);
            if (sort.Descending && to is { } end)
            {
                beyond = beyond.Where(log => log.CreatedAt < end);
            }
            else if (!sort.Descending && from is { } start)
            {
                beyond = beyond.Where(log => log.CreatedAt >= start);
            }

            var outOfOrder = await beyond.AnyAsync(cancellationToken);
            if (outOfOrder)
            {
                return null;
            }
        }

        var pageIds = inTimeOrder.Skip(skip).Take(take).Select(row => row.Id).ToList();
        return await db.LoginLogs.AsNoTracking().Where(log => pageIds.Contains(log.Id)).OrderBy(sort).ToListAsync(cancellationToken);
    }
}
