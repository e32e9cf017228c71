namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>
/// Which history columns an administrator shows, in which order, and how tall the rows are: remembered in the
/// browser (per admin) as a short text, e.g. <c>Time,User,-Outcome,Event|dense</c>.
/// </summary>
public sealed record ColumnLayout(IReadOnlyList<HistoryColumn> Order, IReadOnlySet<HistoryColumn> Hidden, bool Dense)
{
    public static readonly ColumnLayout Default = new(HistoryColumns.All, new HashSet<HistoryColumn>(), Dense: true);

    public IEnumerable<HistoryColumn> Visible => Order.Where(column => !Hidden.Contains(column));

    public bool IsShown(HistoryColumn column) => !Hidden.Contains(column);

    /// <summary>The layout with <paramref name="column"/> shown or hidden; the last visible column stays.</summary>
    public ColumnLayout WithShown(HistoryColumn column, bool shown)
    {
        var hidden = new HashSet<HistoryColumn>(Hidden);
        if (shown)
        {
            hidden.Remove(column);
        }
        else if (Visible.Count() > 1)
        {
            hidden.Add(column);
        }

        return this with { Hidden = hidden };
    }

    /// <summary>The layout with <paramref name="column"/> moved <paramref name="offset"/> places (−1: left), within bounds.</summary>
    public ColumnLayout WithMoved(HistoryColumn column, int offset)
    {
        var order = Order.ToList();
        var from = order.IndexOf(column);
        var to = Math.Clamp(from + offset, 0, order.Count - 1);
        order.RemoveAt(from);
        order.Insert(to, column);
        return this with { Order = order };
    }

    public string Serialize() =>
        string.Join(',', Order.Select(column => (Hidden.Contains(column) ? "-" : "") + column)) + (Dense ? "|dense" : "|comfortable");

    /// <summary>Reads a stored layout; unknown names are dropped, missing columns come back visible at the end.</summary>
    public static ColumnLayout Parse(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored) || stored.Length > 512)
        {
            return Default;
        }

        var parts = stored.Split('|');
        var order = new List<HistoryColumn>();
        var hidden = new HashSet<HistoryColumn>();
        foreach (var name in parts[0].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var isHidden = name.StartsWith('-');
            if (Enum.TryParse<HistoryColumn>(name.TrimStart('-'), out var column) && Enum.IsDefined(column) && !order.Contains(column))
            {
                order.Add(column);
                if (isHidden)
                {
                    hidden.Add(column);
                }
            }
        }

        order.AddRange(HistoryColumns.All.Where(column => !order.Contains(column)));
        if (hidden.Count == order.Count)
        {
            hidden.Clear();
        }

        return new ColumnLayout(order, hidden, Dense: parts.Length < 2 || parts[1] != "comfortable");
    }
}
