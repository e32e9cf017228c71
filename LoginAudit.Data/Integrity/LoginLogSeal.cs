namespace LoginAudit.Data.Integrity;

/// <summary>
/// A <c>login_logs</c> row's place in the hash chain, a row of <c>login_log_seals</c>: written once by
/// <see cref="ChainSealer"/> and never updated, so that <c>login_logs</c> itself stays insert-only
/// (decision 0009). A row without a seal is not sealed yet.
/// </summary>
public sealed class LoginLogSeal
{
    /// <summary>The sealed row's <c>login_logs.id</c>.</summary>
    public long LoginLogId { get; set; }

    /// <summary>Position in the hash chain (1, 2, …).</summary>
    public long ChainSeq { get; set; }

    /// <summary>The chain hash of the row sealed just before this one (32 bytes).</summary>
    public required byte[] PreviousHash { get; set; }

    /// <summary>SHA-256 over the row's canonical form and <see cref="PreviousHash"/> (see <see cref="ChainCanonicalForm"/>).</summary>
    public required byte[] ChainHash { get; set; }
}
