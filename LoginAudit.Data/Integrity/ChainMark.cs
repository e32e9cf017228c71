namespace LoginAudit.Data.Integrity;

/// <summary>
/// A fixed point of the <c>login_logs</c> hash chain: a row of <c>login_log_chain</c>. There are at most two:
/// <see cref="Head"/>, the newest sealed row, and <see cref="Anchor"/>, the newest purged row.
/// </summary>
public sealed class ChainMark
{
    /// <summary>Moved by the sealer in the transaction that seals; lets the verifier notice the newest rows missing.</summary>
    public const string Head = "head";

    /// <summary>Moved by the purge in the transaction that deletes; the remaining chain starts from it.</summary>
    public const string Anchor = "anchor";

    public required string Name { get; set; }

    /// <summary>The <c>login_logs.id</c> of the marked row (which, for the anchor, no longer exists).</summary>
    public long RowId { get; set; }

    public long Seq { get; set; }

    public required byte[] Hash { get; set; }

    public DateTime UpdatedAt { get; set; }
}
