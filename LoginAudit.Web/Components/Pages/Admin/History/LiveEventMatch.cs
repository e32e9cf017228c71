using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using LoginAudit.Data.Live;

namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>Decides which live notices the "new events" counter of the history page counts.</summary>
public static class LiveEventMatch
{
    /// <summary>
    /// Whether a new event can belong to the view <paramref name="filter"/> selects, judged on what the notice
    /// carries. The other conditions (IP, browser, search...) are not in a notice, so such an event is counted:
    /// the counter may overstate, and the reload it offers shows the truth.
    /// </summary>
    public static bool MightMatch(LoginHistoryFilter filter, LoginEventNotice notice, AuditWindow window)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(notice);
        var (from, to) = filter.ResolveRange(window);
        return (from is null || notice.CreatedAt >= from)
            && (to is null || notice.CreatedAt < to)
            && (filter.EventTypes.Count == 0 || filter.EventTypes.Contains(notice.EventType))
            && filter.Outcome switch
            {
                LoginOutcome.Succeeded => notice.EventType == LoginEventType.SignInSucceeded,
                LoginOutcome.Failed => notice.EventType is LoginEventType.SignInFailed or LoginEventType.LockedOut,
                _ => true,
            }
            && (filter.Suspicious is not { } suspicious || notice.Suspicious == suspicious)
            // A notice has no reasons, but a reason filter shows only suspicious rows.
            && (filter.SuspicionReasons.Count == 0 || notice.Suspicious)
            && (filter.UserId is null || filter.UserId == notice.UserId);
    }
}
