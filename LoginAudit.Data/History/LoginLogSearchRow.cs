namespace LoginAudit.Data.History;

/// <summary>
/// PostgreSQL only: a row of <c>login_log_search</c>, the search index beside <c>login_logs</c> (the counterpart of SQLite's
/// <c>login_logs_fts</c>). It holds what a search reads of each row up to the search mark, filled by
/// <see cref="PostgreSqlSearchIndex"/> off the audit write path, so that no insert maintains a trigram index.
/// </summary>
/// <remarks>Created by hand in the PostgreSQL migration <c>SearchIndexBesideLoginLogs</c> (excluded from migrations).</remarks>
public sealed class LoginLogSearchRow
{
    /// <summary>The <c>login_logs.id</c> this row indexes.</summary>
    public long Id { get; set; }

    /// <summary>The row's <c>created_at</c>: a search's range and its newest-first order are read here alone.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The row's user name as stored (a short search is a prefix of it, as typed or in lower case).</summary>
    public string? UserName { get; set; }

    /// <summary>The row's address as text (<c>host(ip_address)</c>; a short search is a prefix of it).</summary>
    public string? Address { get; set; }

    /// <summary>
    /// The row's search text (<c>login_log_search_text</c>) in lower case as <c>lower()</c> folds it under collation
    /// <c>C</c> (A-Z only), which is what <c>ILIKE</c> compares: a term in lower case matches it with a plain <c>LIKE</c>.
    /// </summary>
    public string SearchKey { get; set; } = "";
}
