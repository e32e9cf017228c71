namespace LoginAudit.Data.Auditing;

/// <summary>How many statements that change rows an audit write runs: what it needs to fail alone in its group (<see cref="AuditWriter"/>).</summary>
public enum AuditChanges
{
    /// <summary>Any number: the write runs inside its own savepoint, set before its first change.</summary>
    Several,

    /// <summary>
    /// At most one (a row's insert after its detection reads): SQLite undoes a failing statement by itself and keeps the
    /// transaction, so the write needs no savepoint there. A second change fails the write's group.
    /// </summary>
    One,
}
