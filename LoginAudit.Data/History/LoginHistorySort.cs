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
    Suspicious,
}

/// <summary>A grid sort. Ties are broken by id in the same direction, so paging is stable.</summary>
public sealed record LoginHistorySort(LoginHistorySortColumn Column = LoginHistorySortColumn.CreatedAt, bool Descending = true)
{
    public static readonly LoginHistorySort NewestFirst = new();

    /// <summary>
    /// Reads a Radzen <c>LoadDataArgs.OrderBy</c> ("CreatedAt desc", "np(UserName) asc", "UserName"); only the first
    /// key is used, and anything unknown gives <see cref="NewestFirst"/>.
    /// </summary>
    public static LoginHistorySort FromOrderBy(string? orderBy)
    {
        var first = orderBy?.Split(',')[0].Trim();
        if (string.IsNullOrEmpty(first))
        {
            return NewestFirst;
        }

        var parts = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var name = parts[0];
        if (name.StartsWith("np(", StringComparison.OrdinalIgnoreCase) && name.EndsWith(')'))
        {
            name = name[3..^1];
        }

        var column = Enum.GetNames<LoginHistorySortColumn>()
            .FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
        if (column is null)
        {
            return NewestFirst;
        }

        var descending = parts.Length > 1 && string.Equals(parts[1], "desc", StringComparison.OrdinalIgnoreCase);
        return new LoginHistorySort(Enum.Parse<LoginHistorySortColumn>(column), descending);
    }
}
