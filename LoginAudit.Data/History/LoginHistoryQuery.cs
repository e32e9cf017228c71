using System.Linq.Expressions;
using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Detection;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.History;

/// <summary>How a free-text search joins the rows on SQLite (see <see cref="LoginHistoryQuery.Apply(IQueryable{LoginLog}, IQueryable{LoginLogSearchEntry}, LoginHistoryFilter, AuditWindow, LoginSearchPlan)"/>).</summary>
public enum LoginSearchPlan
{
    /// <summary>Start from the search index's matches and look each row up: best when few rows match.</summary>
    SearchIndexFirst,

    /// <summary>
    /// Walk the rows in time order and keep those among the matches: found after a few hundred rows when many match,
    /// but every match is collected first (<c>id + 0 IN (…)</c>). Only where the search index's order fails
    /// (<see cref="LoginHistoryQuery.InSearchIndexOrder"/>).
    /// </summary>
    RowsFirst,
}

/// <summary>Turns a <see cref="LoginHistoryFilter"/> and a <see cref="LoginHistorySort"/> into SQL (never client-side).</summary>
public static class LoginHistoryQuery
{
    /// <summary>Above every UTF-8 character: <c>x &gt;= term AND x &lt; term + this</c> is a prefix match an index can seek.</summary>
    private const string PrefixUpperBound = "\U0010FFFF";

    /// <summary>
    /// The rows of <paramref name="db"/> the filter selects in <paramref name="window"/>, untracked. On PostgreSQL free text
    /// goes through its search index and the rows above its mark (<see cref="PostgreSqlSearch.WhereSearchMatches"/>).
    /// </summary>
    public static IQueryable<LoginLog> Apply(
        LoginAuditDbContext db, LoginHistoryFilter filter, AuditWindow window, LoginSearchPlan searchPlan = LoginSearchPlan.SearchIndexFirst) =>
        db.Database.IsNpgsql()
            ? PostgreSqlSearch.WhereSearchMatches(db, ApplyAllButSearch(db.LoginLogs.AsNoTracking(), filter, window), filter.Search)
            : Apply(db.LoginLogs.AsNoTracking(), db.Set<LoginLogSearchEntry>(), filter, window, searchPlan);

    /// <summary>
    /// SQLite: adds the filter's conditions to <paramref name="logs"/>. Free text goes through <paramref name="searchIndex"/>
    /// (<c>id IN (SELECT rowid FROM login_logs_fts WHERE login_logs_fts = @query)</c>, each candidate checked against its
    /// columns); a search too short for trigrams (one
    /// or two characters) is a prefix match on the user name or the IP address instead.
    /// </summary>
    public static IQueryable<LoginLog> Apply(
        IQueryable<LoginLog> logs,
        IQueryable<LoginLogSearchEntry> searchIndex,
        LoginHistoryFilter filter,
        AuditWindow window,
        LoginSearchPlan searchPlan = LoginSearchPlan.SearchIndexFirst)
    {
        logs = ApplyAllButSearch(logs, filter, window);
        if (LoginLogSearch.ToFtsQuery(filter.Search) is { } ftsQuery)
        {
            var candidates = searchIndex.Where(entry => entry.Match == ftsQuery).Select(entry => entry.RowId);

            // "id + 0" is the same value, but SQLite cannot use it to look rows up by id, so it walks the time index.
            return WhereColumnsHoldEveryTerm(
                searchPlan == LoginSearchPlan.RowsFirst
                    ? logs.Where(log => candidates.Contains(log.Id + 0))
                    : logs.Where(log => candidates.Contains(log.Id)),
                filter.Search);
        }

        if (LoginLogSearch.ShortSearchTerm(filter.Search) is { } term)
        {
            var (lower, lowerEnd, asTyped, asTypedEnd) = PrefixBounds(term);
            logs = logs.Where(log =>
                (string.Compare(log.UserName, lower) >= 0 && string.Compare(log.UserName, lowerEnd) < 0)
                || (string.Compare(log.UserName, asTyped) >= 0 && string.Compare(log.UserName, asTypedEnd) < 0)
                || (string.Compare(log.IpAddress, lower) >= 0 && string.Compare(log.IpAddress, lowerEnd) < 0));
        }

        return logs;
    }

    /// <summary>
    /// SQLite: the rows of <paramref name="logs"/> of which one searched column holds each term (<c>LIKE '%term%'</c>, A-Z
    /// folded), which the search index's candidates need: it knows that a row holds the trigrams covering a term, not
    /// that they are in one column, in order. The device type is compared by value: its column is an enum.
    /// </summary>
    private static IQueryable<LoginLog> WhereColumnsHoldEveryTerm(IQueryable<LoginLog> logs, string? search)
    {
        foreach (var term in LoginLogSearch.TrigramTerms(search))
        {
            var pattern = LoginLogSearch.ToLikePattern(term);
            var deviceTypes = LoginLogSearch.DeviceTypesHolding(term);
            logs = logs.Where(log =>
                EF.Functions.Like(log.UserName, pattern, @"\")
                || EF.Functions.Like(log.IpAddress, pattern, @"\")
                || EF.Functions.Like(log.Browser, pattern, @"\")
                || EF.Functions.Like(log.Os, pattern, @"\")
                || deviceTypes.Contains(log.DeviceType)
                || EF.Functions.Like(log.DeviceBrand, pattern, @"\")
                || EF.Functions.Like(log.DeviceModel, pattern, @"\")
                || EF.Functions.Like(log.Location, pattern, @"\"));
        }

        return logs;
    }

    /// <summary>
    /// PostgreSQL: the rows of <paramref name="logs"/> whose own text matches the search, read from each row (no index):
    /// every term as <c>login_log_search_text(…) ILIKE '%term%'</c>, or, for one or two characters, a user name starting
    /// with them (in lower case or as typed) or an address whose text does. What the search index answers for the rows up to
    /// its mark (<see cref="PostgreSqlSearch"/>), for the rows above it.
    /// </summary>
    public static IQueryable<LoginLog> WhereRowTextMatches(IQueryable<LoginLog> logs, string? search)
    {
        foreach (var pattern in LoginLogSearch.ToLikePatterns(search))
        {
            logs = logs.Where(log => EF.Functions.ILike(
                LoginLogSearch.SearchText(log.UserName, log.IpAddress, log.Browser, log.Os, log.DeviceType, log.DeviceBrand, log.DeviceModel, log.Location),
                pattern,
                @"\"));
        }

        if (LoginLogSearch.ShortSearchTerm(search) is { } term)
        {
            var (lower, lowerEnd, asTyped, asTypedEnd) = PrefixBounds(term);
            logs = logs.Where(log =>
                (string.Compare(log.UserName, lower) >= 0 && string.Compare(log.UserName, lowerEnd) < 0)
                || (string.Compare(log.UserName, asTyped) >= 0 && string.Compare(log.UserName, asTypedEnd) < 0)
                || IpNetworks.Text(log.IpAddress).StartsWith(lower));
        }

        return logs;
    }

    /// <summary>A short search's prefix ranges: names are usually e-mail addresses in lower case; the term is also tried as typed.</summary>
    internal static (string Lower, string LowerEnd, string AsTyped, string AsTypedEnd) PrefixBounds(string term)
    {
        var lower = term.ToLowerInvariant();
        return (lower, lower + PrefixUpperBound, term, term + PrefixUpperBound);
    }

    /// <summary>
    /// SQLite: the rows <see cref="Apply(LoginAuditDbContext, LoginHistoryFilter, AuditWindow, LoginSearchPlan)"/> selects
    /// for <paramref name="ftsQuery"/>, in the search index's rowid order (newest written first when
    /// <paramref name="newestFirst"/>): FTS5 steps through its matches in that order and each row is looked up by id,
    /// so a query reads only as far as its <c>LIMIT</c> (a capped count, a page's candidates) instead of collecting
    /// every match of a frequent term first.
    /// </summary>
    /// <remarks>"rowid + 0" keeps SQLite from probing the search index once per row (0.8 ms each at a million rows).</remarks>
    public static IQueryable<LoginLog> InSearchIndexOrder(
        LoginAuditDbContext db, LoginHistoryFilter filter, AuditWindow window, string ftsQuery, bool newestFirst)
    {
        var matches = db.Set<LoginLogSearchEntry>()
            .Where(entry => entry.Match == ftsQuery)
            .Join(WhereColumnsHoldEveryTerm(ApplyAllButSearch(db.LoginLogs.AsNoTracking(), filter, window), filter.Search), entry => entry.RowId + 0, log => log.Id, (entry, log) => new { entry.RowId, Log = log });
        return (newestFirst ? matches.OrderByDescending(match => match.RowId) : matches.OrderBy(match => match.RowId)).Select(match => match.Log);
    }

    /// <summary>The filter's conditions other than free text: what a search's matches are further narrowed by.</summary>
    internal static IQueryable<LoginLog> ApplyAllButSearch(IQueryable<LoginLog> logs, LoginHistoryFilter filter, AuditWindow window)
    {
        var (from, to) = filter.ResolveRange(window);
        if (from is { } start)
        {
            logs = logs.Where(log => log.CreatedAt >= start);
        }

        if (to is { } end)
        {
            logs = logs.Where(log => log.CreatedAt < end);
        }

        if (filter.EventTypes.Count > 0)
        {
            var eventTypes = filter.EventTypes.ToList();
            logs = logs.Where(log => eventTypes.Contains(log.EventType));
        }

        logs = filter.Outcome switch
        {
            LoginOutcome.Succeeded => logs.Where(log => log.EventType == LoginEventType.SignInSucceeded),
            LoginOutcome.Failed => logs.Where(log => log.EventType == LoginEventType.SignInFailed || log.EventType == LoginEventType.LockedOut),
            _ => logs,
        };

        if (filter.FailureReasons.Count > 0)
        {
            var reasons = filter.FailureReasons.Select(reason => (LoginFailureReason?)reason).ToList();
            logs = logs.Where(log => reasons.Contains(log.FailureReason));
        }

        if (filter.DeviceTypes.Count > 0)
        {
            var deviceTypes = filter.DeviceTypes.ToList();
            logs = logs.Where(log => deviceTypes.Contains(log.DeviceType));
        }

        if (!string.IsNullOrEmpty(filter.Os))
        {
            logs = logs.Where(log => log.Os == filter.Os);
        }

        if (!string.IsNullOrEmpty(filter.Browser))
        {
            logs = logs.Where(log => log.Browser == filter.Browser);
        }

        if (filter.Suspicious is { } suspicious)
        {
            logs = logs.Where(log => log.Suspicious == suspicious);
        }

        if (filter.SuspicionReasons.Count > 0)
        {
            logs = logs.Where(log => log.Suspicious).Where(AnyReason(filter.SuspicionReasons));
        }

        if (!string.IsNullOrEmpty(filter.UserId))
        {
            logs = logs.Where(log => log.UserId == filter.UserId);
        }

        if (filter.RiskLevels.Count > 0)
        {
            var levels = filter.RiskLevels;
            logs = logs.Where(log => levels.Contains(log.RiskLevel));
        }

        if (filter.Asn is { } asn)
        {
            logs = logs.Where(log => log.Asn == asn);
        }

        if (!string.IsNullOrEmpty(filter.IpAddress))
        {
            var ipAddress = filter.IpAddress.Trim();
            if (IpNetworks.TryParse(ipAddress, out _))
            {
                logs = logs.Where(log => IpNetworks.Contains(log.IpAddress, ipAddress));
            }
            else
            {
                // Addresses are stored as .NET writes them; anything else is no address and matches nothing, on either database.
                var address = IPAddress.TryParse(ipAddress, out var parsed) && parsed.ToString() == ipAddress ? ipAddress : null;
                logs = address is null ? logs.Where(log => false) : logs.Where(log => log.IpAddress == address);
            }
        }

        if (!string.IsNullOrEmpty(filter.SessionId))
        {
            logs = logs.Where(log => log.SessionId == filter.SessionId);
        }

        return logs;
    }

    /// <summary>
    /// <c>(',' || suspicious_reasons || ',') LIKE '%,NewCity,%' OR ...</c>: the commas around the stored list and the
    /// name make a whole-name match, so no reason ever matches another whose name contains it.
    /// </summary>
    private static Expression<Func<LoginLog, bool>> AnyReason(IEnumerable<SuspicionReasons> reasons)
    {
        var log = Expression.Parameter(typeof(LoginLog), "log");
        var padded = Expression.Call(
            typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string), typeof(string)])!,
            Expression.Constant(","),
            Expression.Property(log, nameof(LoginLog.SuspiciousReasons)),
            Expression.Constant(","));
        var like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string)])!;
        var body = reasons
            .Select(reason => (Expression)Expression.Call(like, Expression.Constant(EF.Functions), padded, Expression.Constant($"%,{reason},%")))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<LoginLog, bool>>(body, log);
    }

    /// <summary>Risk levels are stored as names; their order is the enum's, not the alphabet's.</summary>
    private static readonly Expression<Func<LoginLog, int>> RiskOrder = log =>
        log.RiskLevel == RiskLevel.High ? 3 : log.RiskLevel == RiskLevel.Medium ? 2 : log.RiskLevel == RiskLevel.Low ? 1 : 0;

    /// <summary>Orders by the sort's column, then by id in the same direction so equal values page stably.</summary>
    public static IOrderedQueryable<LoginLog> OrderBy(this IQueryable<LoginLog> logs, LoginHistorySort sort)
    {
        var ordered = (sort.Column, sort.Descending) switch
        {
            (LoginHistorySortColumn.UserName, false) => logs.OrderBy(log => log.UserName),
            (LoginHistorySortColumn.UserName, true) => logs.OrderByDescending(log => log.UserName),
            (LoginHistorySortColumn.EventType, false) => logs.OrderBy(log => log.EventType),
            (LoginHistorySortColumn.EventType, true) => logs.OrderByDescending(log => log.EventType),
            (LoginHistorySortColumn.FailureReason, false) => logs.OrderBy(log => log.FailureReason),
            (LoginHistorySortColumn.FailureReason, true) => logs.OrderByDescending(log => log.FailureReason),
            (LoginHistorySortColumn.IpAddress, false) => logs.OrderBy(log => log.IpAddress),
            (LoginHistorySortColumn.IpAddress, true) => logs.OrderByDescending(log => log.IpAddress),
            (LoginHistorySortColumn.Browser, false) => logs.OrderBy(log => log.Browser),
            (LoginHistorySortColumn.Browser, true) => logs.OrderByDescending(log => log.Browser),
            (LoginHistorySortColumn.Os, false) => logs.OrderBy(log => log.Os),
            (LoginHistorySortColumn.Os, true) => logs.OrderByDescending(log => log.Os),
            (LoginHistorySortColumn.DeviceType, false) => logs.OrderBy(log => log.DeviceType),
            (LoginHistorySortColumn.DeviceType, true) => logs.OrderByDescending(log => log.DeviceType),
            (LoginHistorySortColumn.Location, false) => logs.OrderBy(log => log.Location),
            (LoginHistorySortColumn.Location, true) => logs.OrderByDescending(log => log.Location),
            (LoginHistorySortColumn.Asn, false) => logs.OrderBy(log => log.Asn),
            (LoginHistorySortColumn.Asn, true) => logs.OrderByDescending(log => log.Asn),
            (LoginHistorySortColumn.RiskLevel, false) => logs.OrderBy(RiskOrder),
            (LoginHistorySortColumn.RiskLevel, true) => logs.OrderByDescending(RiskOrder),
            (LoginHistorySortColumn.Suspicious, false) => logs.OrderBy(log => log.Suspicious),
            (LoginHistorySortColumn.Suspicious, true) => logs.OrderByDescending(log => log.Suspicious),
            (_, false) => logs.OrderBy(log => log.CreatedAt),
            (_, true) => logs.OrderByDescending(log => log.CreatedAt),
        };

        return sort.Descending ? ordered.ThenByDescending(log => log.Id) : ordered.ThenBy(log => log.Id);
    }
}
