namespace LoginAudit.Web.Components.Pages.Admin.Shared;

/// <summary>One row of a <see cref="BreakdownTable"/>: what was counted, how often, and where its rows are listed.</summary>
/// <param name="Href">The history grid filtered to the rows behind <paramref name="Count"/>.</param>
public sealed record BreakdownItem(string Label, int Count, string Href)
{
    /// <summary>A flag beside the label, e.g. "unknown name".</summary>
    public string? Badge { get; init; }

    /// <summary>The value of the optional extra column (<see cref="BreakdownTable.DetailHeading"/>).</summary>
    public string? Detail { get; init; }
}
