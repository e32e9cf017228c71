namespace LoginAudit.Data.Integrity;

/// <summary>How the chain was found broken.</summary>
public enum ChainBreakKind
{
    None,

    /// <summary>A row's content (or its seal) differs from what was sealed; or the row before it was rewritten with a new hash.</summary>
    EditedRow,

    /// <summary>Sealed rows are missing before this row (or, when it is the head, the newest sealed rows are gone).</summary>
    DeletedRows,

    /// <summary>A row was added among sealed rows: unsealed below the head, or a forged seal reusing a sequence number.</summary>
    InsertedRow,

    /// <summary>Sealed rows are in another order than they were sealed in (their ids were exchanged).</summary>
    ReorderedRows,
}

/// <summary>What <see cref="ChainVerifier"/> found.</summary>
/// <param name="RowsChecked">Sealed rows verified before the first break (all of them when intact).</param>
/// <param name="FirstBadId">The <c>login_logs.id</c> where the chain first breaks; null when intact.</param>
/// <param name="UnsealedRows">Rows after the head, written within the last sealing interval; normal, not a break.</param>
/// <param name="FirstUnsealedId">The first of those rows.</param>
/// <param name="HeadHash">The newest verified hash (hex): record it elsewhere to detect a rewrite of the whole chain.</param>
public sealed record ChainVerification(
    ChainBreakKind Break,
    long RowsChecked,
    long? FirstBadId,
    string Description,
    long UnsealedRows,
    long? FirstUnsealedId,
    string? HeadHash)
{
    public bool Intact => Break == ChainBreakKind.None;
}
