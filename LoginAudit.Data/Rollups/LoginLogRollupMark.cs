namespace LoginAudit.Data.Rollups;

/// <summary>
/// The one row of <c>login_log_rollup_marks</c>: every <c>login_logs</c> row with an id up to <see cref="RowId"/> is
/// counted in the roll-ups, and no row above it is.
/// </summary>
public sealed class LoginLogRollupMark
{
    public const string RolledUpTo = "rolled_up_to";

    public required string Name { get; set; }

    public long RowId { get; set; }

    public DateTime UpdatedAt { get; set; }
}
