namespace LoginAudit.Data.History;

/// <summary>
/// A row of <c>login_logs_fts</c>, the FTS5 trigram index over the searchable text of <c>login_logs</c>.
/// Mapped only so that LINQ can say <c>id IN (SELECT rowid FROM login_logs_fts WHERE login_logs_fts MATCH …)</c>.
/// </summary>
/// <remarks>
/// The virtual table is created by raw SQL in the migration <c>DashboardIndexesAndSearch</c> (EF excludes it from
/// migrations); new rows are indexed by <see cref="LoginLogSearchIndex"/>, deletes and updates by triggers
/// (<c>SearchIndexedPerWriteGroup</c>).
/// </remarks>
public sealed class LoginLogSearchEntry
{
    /// <summary>The <c>login_logs.id</c> this entry indexes (FTS5 external content rowid).</summary>
    public long RowId { get; set; }

    /// <summary>
    /// FTS5's hidden column named after the table: <c>login_logs_fts = 'query'</c> is the same as <c>MATCH</c>.
    /// Never read; compare it with an FTS query built by <see cref="LoginLogSearch.ToFtsQuery"/>.
    /// </summary>
    public string? Match { get; set; }
}
