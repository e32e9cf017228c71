namespace LoginAudit.Data.Rollups;

/// <summary>
/// A row of <c>login_log_rollups</c>: how many rolled-up <c>login_logs</c> rows of one UTC hour have <see cref="Value"/>
/// in <see cref="Dimension"/>. Written only by <see cref="LoginLogRollups"/>, never through EF.
/// </summary>
public sealed class LoginLogRollup
{
    public RollupDimension Dimension { get; set; }

    /// <summary>The start of the UTC hour.</summary>
    public DateTime Hour { get; set; }

    /// <summary>The counted value as the row stores it; empty for a null value (and for <see cref="RollupDimension.Suspicious"/>).</summary>
    public string Value { get; set; } = "";

    public long Count { get; set; }
}
