using System.Globalization;
using LoginAudit.Data.History;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>
/// The history's filter form. It owns no state: it shows the filter of the URL and submits the next one as a query.
/// </summary>
public sealed partial class LoginHistoryFilterBar
{
    [Inject]
    private BrowserTimeZone TimeZone { get; set; } = default!;

    /// <summary>The view of the URL, whose filter the form shows and whose sort and page size it keeps.</summary>
    [Parameter, EditorRequired]
    public HistoryView View { get; set; } = new();

    private LoginHistoryFilter Filter => View.Filter;

    /// <summary>Narrowings that come from links (a user, a session, a network): kept, and each removable on its own.</summary>
    private IEnumerable<(string Name, string Value)> KeptFields
    {
        get
        {
            if (Filter.UserId is { } userId)
            {
                yield return ("uid", userId);
            }

            if (Filter.SessionId is { } sessionId)
            {
                yield return ("sid", sessionId);
            }

            if (Filter.Asn is { } asn)
            {
                yield return ("asn", asn.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private IEnumerable<(string Label, string CssClass, string Href)> NarrowedBy
    {
        get
        {
            if (Filter.UserId is { } userId)
            {
                yield return ($"User {userId}", "history-user-filter", Without(Filter with { UserId = null }));
            }

            if (Filter.SessionId is { } sessionId)
            {
                yield return ($"Session {sessionId}", "history-session-filter", Without(Filter with { SessionId = null }));
            }

            if (Filter.Asn is { } asn)
            {
                yield return ($"Network AS{asn}", "history-asn-filter", Without(Filter with { Asn = null }));
            }
        }
    }

    private string Without(LoginHistoryFilter filter) => (View with { Filter = filter, Page = 1, Details = null }).Href();

    private static string RangeName(LoginHistoryRange range) => LoginHistoryFilter.NameOf(range);

    private static string OutcomeName(LoginOutcome outcome) => LoginHistoryFilter.NameOf(outcome);

    /// <summary>The form speaks the reader's wall-clock time (sent back with its zone); the URL holds UTC.</summary>
    private string? Local(DateTime? utc) =>
        utc is { } value ? TimeZone.ToLocal(value).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null;
}
