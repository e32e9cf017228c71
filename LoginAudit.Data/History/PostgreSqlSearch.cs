using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.History;

/// <summary>
/// PostgreSQL's free-text search: the search index (<see cref="PostgreSqlSearchIndex"/>) answers for the rows up to its
/// mark, the rows above it are matched by their own text (<see cref="LoginHistoryQuery.WhereRowTextMatches"/>); the two
/// parts are disjoint, so together they are exactly the rows the search matches, counted and sorted as one.
/// </summary>
internal static class PostgreSqlSearch
{
    private readonly record struct Hit(long Id, DateTime CreatedAt);

    /// <summary>
    /// The rows of <paramref name="logs"/> the search matches, as one statement (so one snapshot): those the index holds
    /// (<c>id IN (SELECT id FROM login_log_search WHERE …)</c>) and, after <c>UNION ALL</c>, those above its mark matched by
    /// their own text. Any filter, sort, page or count composes on top (the history grid's other plans, the export).
    /// </summary>
    public static IQueryable<LoginLog> WhereSearchMatches(LoginAuditDbContext db, IQueryable<LoginLog> logs, string? search)
    {
        if (!Searches(search))
        {
            return logs;
        }

        var index = db.Set<LoginLogSearchRow>();
        var indexed = Matching(index, search).Select(row => row.Id);
        return logs.Where(log => indexed.Contains(log.Id))
            .Concat(LoginHistoryQuery.WhereRowTextMatches(logs.Where(log => log.Id > (index.Max(row => (long?)row.Id) ?? 0)), search));
    }

    /// <summary>
    /// The grid's page of a search sorted by time with no filter but the range, or null for any other: the index alone counts
    /// and orders the matches up to the mark (counted in <see cref="LoginLogSearchRow.CreatedAt"/> order when the term is
    /// frequent among the range's newest rows, so that the walk stops at the cap, otherwise through its trigram or prefix
    /// index; the page is the first rows in time order); the rows above the mark are added from <c>login_logs</c>; all in
    /// one snapshot.
    /// </summary>
    public static async Task<LoginHistoryPage?> TryTimeSortedPageAsync(
        LoginAuditDbContext db,
        LoginHistoryFilter filter,
        AuditWindow window,
        LoginHistorySort sort,
        int skip,
        int take,
        LoginHistoryOptions options,
        CancellationToken cancellationToken)
    {
        if (!Searches(filter.Search) || sort.Column != LoginHistorySortColumn.CreatedAt || !HasOnlyRangeAndSearch(filter))
        {
            return null;
        }

        var cap = options.CountCap;
        var pageEnd = (int)Math.Min((long)skip + take, int.MaxValue);

        // Each statement in it planned for its values: a generic plan of "id > @mark" or of a pattern cannot know how many rows it meets.
        await using var snapshot = await ContextSnapshot.BeginAsync(db, cancellationToken);
        var mark = await PostgreSqlSearchIndex.IndexedUpToAsync(db.Database.GetDbConnection(), snapshot.Transaction, cancellationToken);

        var aboveMark = LoginHistoryQuery.WhereRowTextMatches(
            LoginHistoryQuery.ApplyAllButSearch(db.LoginLogs.AsNoTracking(), filter, window).Where(log => log.Id > mark), filter.Search);
        var tail = await aboveMark.OrderBy(sort).Select(log => new Hit(log.Id, log.CreatedAt)).Take(Math.Max(cap + 1, pageEnd)).ToListAsync(cancellationToken);

        var (from, to) = filter.ResolveRange(window);
        var inRange = db.Set<LoginLogSearchRow>().AsQueryable();
        if (from is { } start)
        {
            inRange = inRange.Where(row => row.CreatedAt >= start);
        }

        if (to is { } end)
        {
            inRange = inRange.Where(row => row.CreatedAt < end);
        }

        var matching = Matching(inRange, filter.Search);
        var inTimeOrder = InTimeOrder(matching, sort.Descending).Select(row => new Hit(row.Id, row.CreatedAt));

        // The walk: the range's first SearchWalkRows index rows in the page's order, and the search over those only. The
        // pattern applies above the LIMIT, so the plan is that walk whatever the statistics say of the term: planned from
        // statistics older than the term's rows (an attack, a bulk load), "the first 50 matches in time order" collected and
        // sorted every match instead (225 ms for 83,000 against 0.1 ms). Its first n matches are the search's first n.
        var walked = InTimeOrder(Matching(InTimeOrder(inRange, sort.Descending).Take(options.SearchWalkRows), filter.Search), sort.Descending)
            .Select(row => new Hit(row.Id, row.CreatedAt));

        // The probe's share of matches among the range's newest rows predicts whether a walk meets n matches.
        var probeRows = options.SearchProbeRows;
        var probed = await Matching(inRange.OrderByDescending(row => row.CreatedAt).Take(probeRows), filter.Search).CountAsync(cancellationToken);
        bool WalkPredictedToMeet(int matches) => (long)probed * options.SearchWalkRows >= (long)matches * probeRows;

        // Counted up to the cap: by the walk when the probe says the cap comes within it, else (or if the walk fell short)
        // through the trigram or prefix index (no order asked for: the planner reads those, or the table from its start).
        var walkedCount = WalkPredictedToMeet(cap + 1) ? await walked.Take(cap + 1).CountAsync(cancellationToken) : 0;
        var counted = walkedCount > cap ? walkedCount : await matching.Take(cap + 1).CountAsync(cancellationToken);

        List<Hit> hits = counted == 0 ? [] : await PageHitsAsync();
        var merged = hits.Concat(tail);
        var pageHits = (sort.Descending
                ? merged.OrderByDescending(hit => hit.CreatedAt).ThenByDescending(hit => hit.Id)
                : merged.OrderBy(hit => hit.CreatedAt).ThenBy(hit => hit.Id))
            .Skip(skip).Take(take).ToList();
        var rows = await PageRowsAsync(db, pageHits, sort, cancellationToken);
        await snapshot.Transaction.CommitAsync(cancellationToken);

        var total = (long)counted + tail.Count;
        return new LoginHistoryPage(rows, (int)Math.Min(total, cap), total > cap);

        // The page's hits likewise: by the walk when it is predicted to hold them and does (all of them, or every match),
        // else every match sorted through the trigram or prefix index, which is the plan for a rare term.
        async Task<List<Hit>> PageHitsAsync()
        {
            if (WalkPredictedToMeet(pageEnd))
            {
                var byWalk = await walked.Take(pageEnd).ToListAsync(cancellationToken);
                if (byWalk.Count >= pageEnd || (counted <= cap && byWalk.Count >= counted))
                {
                    return byWalk;
                }
            }

            return await inTimeOrder.Take(pageEnd).ToListAsync(cancellationToken);
        }
    }

    private static IOrderedQueryable<LoginLogSearchRow> InTimeOrder(IQueryable<LoginLogSearchRow> rows, bool descending) => descending
        ? rows.OrderByDescending(row => row.CreatedAt).ThenByDescending(row => row.Id)
        : rows.OrderBy(row => row.CreatedAt).ThenBy(row => row.Id);

    /// <summary>The rows of the page's hits, by id and within their times (so only their month partitions are read).</summary>
    private static async Task<List<LoginLog>> PageRowsAsync(LoginAuditDbContext db, List<Hit> hits, LoginHistorySort sort, CancellationToken cancellationToken)
    {
        if (hits.Count == 0)
        {
            return [];
        }

        var ids = hits.Select(hit => hit.Id).ToList();
        var oldest = hits.Min(hit => hit.CreatedAt);
        var newest = hits.Max(hit => hit.CreatedAt);
        return await db.LoginLogs.AsNoTracking()
            .Where(log => ids.Contains(log.Id) && log.CreatedAt >= oldest && log.CreatedAt <= newest)
            .OrderBy(sort)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The index rows whose text holds every term (<c>search_key LIKE '%term%'</c>), or which a short search prefixes.</summary>
    private static IQueryable<LoginLogSearchRow> Matching(IQueryable<LoginLogSearchRow> rows, string? search)
    {
        foreach (var pattern in LoginLogSearch.ToLowerCaseLikePatterns(search))
        {
            rows = rows.Where(row => EF.Functions.Like(row.SearchKey, pattern, @"\"));
        }

        if (LoginLogSearch.ShortSearchTerm(search) is { } term)
        {
            var (lower, lowerEnd, asTyped, asTypedEnd) = LoginHistoryQuery.PrefixBounds(term);
            rows = rows.Where(row =>
                (string.Compare(row.UserName, lower) >= 0 && string.Compare(row.UserName, lowerEnd) < 0)
                || (string.Compare(row.UserName, asTyped) >= 0 && string.Compare(row.UserName, asTypedEnd) < 0)
                || row.Address!.StartsWith(lower));
        }

        return rows;
    }

    /// <summary>Whether the input holds any term at all (blank input, or only cleaned-away characters, searches nothing).</summary>
    private static bool Searches(string? search) => LoginLogSearch.ToLikePatterns(search).Count > 0 || LoginLogSearch.ShortSearchTerm(search) is not null;

    /// <summary>Whether nothing but the range and the search is set: what the index alone can answer (the URL holds every setting).</summary>
    private static bool HasOnlyRangeAndSearch(LoginHistoryFilter filter) =>
        (filter with { Range = LoginHistoryRange.Last24Hours, From = null, To = null, Search = null }).ToQueryString().Length == 0;
}
