using LoginAudit.Data.History;

// Like Words: every column named, no fallback arm, so a new column without its title or sort does not build.
#pragma warning disable CS8524

namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>The history grid's columns, in their default order.</summary>
public enum HistoryColumn
{
    Time,
    Event,
    Outcome,
    User,
    Ip,
    Browser,
    Os,
    Device,
    Location,
    Network,
    Risk,
    Suspicious,
}

/// <summary>Each column's heading and the SQL sort behind it: the grid's sort type, which the data layer never sees.</summary>
public static class HistoryColumns
{
    public static IReadOnlyList<HistoryColumn> All { get; } = Enum.GetValues<HistoryColumn>();

    public static string Title(HistoryColumn column) => column switch
    {
        HistoryColumn.Time => "Time",
        HistoryColumn.Event => "Event",
        HistoryColumn.Outcome => "Outcome",
        HistoryColumn.User => "User",
        HistoryColumn.Ip => "IP",
        HistoryColumn.Browser => "Browser",
        HistoryColumn.Os => "OS",
        HistoryColumn.Device => "Device",
        HistoryColumn.Location => "Location",
        HistoryColumn.Network => "Network",
        HistoryColumn.Risk => "Risk",
        HistoryColumn.Suspicious => "Suspicious",
    };

    /// <summary>The <c>login_logs</c> column a click on the heading sorts by.</summary>
    public static LoginHistorySortColumn SortColumn(HistoryColumn column) => column switch
    {
        HistoryColumn.Time => LoginHistorySortColumn.CreatedAt,
        HistoryColumn.Event => LoginHistorySortColumn.EventType,
        HistoryColumn.Outcome => LoginHistorySortColumn.FailureReason,
        HistoryColumn.User => LoginHistorySortColumn.UserName,
        HistoryColumn.Ip => LoginHistorySortColumn.IpAddress,
        HistoryColumn.Browser => LoginHistorySortColumn.Browser,
        HistoryColumn.Os => LoginHistorySortColumn.Os,
        HistoryColumn.Device => LoginHistorySortColumn.DeviceType,
        HistoryColumn.Location => LoginHistorySortColumn.Location,
        HistoryColumn.Network => LoginHistorySortColumn.Asn,
        HistoryColumn.Risk => LoginHistorySortColumn.RiskLevel,
        HistoryColumn.Suspicious => LoginHistorySortColumn.Suspicious,
    };
}
