namespace LoginAudit.Data.History;

/// <summary>The grid columns that can be sorted; each maps to one <c>login_logs</c> column.</summary>
public enum LoginHistorySortColumn
{
    CreatedAt,
    UserName,
    EventType,
    FailureReason,
    IpAddress,
    Browser,
    Os,
    DeviceType,
    Location,
    Asn,
    RiskLevel,
    Suspicious,
}

/// <summary>A grid sort. Ties are broken by id in the same direction, so paging is stable.</summary>
public sealed record LoginHistorySort(LoginHistorySortColumn Column = LoginHistorySortColumn.CreatedAt, bool Descending = true)
{
    public static readonly LoginHistorySort NewestFirst = new();
}
