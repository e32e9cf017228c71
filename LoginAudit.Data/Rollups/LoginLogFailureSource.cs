namespace LoginAudit.Data.Rollups;

/// <summary>
/// A row of <c>login_log_failure_sources</c>: how many rolled-up failures of one UTC hour came from one address under one
/// user name and account, so that both rankings of the failures' sources read hours instead of rows. Written only by
/// <see cref="LoginLogRollups"/>, never through EF.
/// </summary>
/// <remarks>
/// A key column cannot hold NULL, so a missing address, name or account is stored empty. No real one is empty: the
/// recorder stores a blank name as null (<c>AuditText.Clean</c>), an address is an address's text and an account a GUID.
/// </remarks>
public sealed class LoginLogFailureSource
{
    /// <summary>The start of the UTC hour.</summary>
    public DateTime Hour { get; set; }

    /// <summary>The address as text (<c>host()</c> of the <c>inet</c> on PostgreSQL); empty for none.</summary>
    public string Address { get; set; } = "";

    /// <summary>The attempted user name; empty for none.</summary>
    public string UserName { get; set; } = "";

    /// <summary>The account's id as text; empty for an attempt that matched no account.</summary>
    public string UserId { get; set; } = "";

    public long Count { get; set; }
}
