using LoginAudit.Data.Export;
using LoginAudit.Data.History;

namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>Relative URLs (the app's base is <c>/</c>) of the history page, its export and the user pages.</summary>
public static class LoginHistoryLinks
{
    public const string PagePath = "admin/logins";

    public const string ExportPath = "admin/logins/export";

    /// <summary>An unbounded custom range: "every event of this IP / session" means all time, not the last 24 hours.</summary>
    private static readonly LoginHistoryFilter AllTime = new() { Range = LoginHistoryRange.Custom };

    public static string Page(LoginHistoryFilter filter) => PagePath + filter.ToQueryString();

    public static string Export(LoginHistoryFilter filter) => ExportPath + filter.ToQueryString();

    /// <summary>The same rows in another format (the download's <c>format</c> parameter).</summary>
    public static string Export(LoginHistoryFilter filter, ExportFormat format)
    {
        var query = filter.ToQueryString();
        return format == ExportFormat.Csv ? Export(filter) : $"{ExportPath}{(query.Length == 0 ? "?" : query + "&")}format={format.Name()}";
    }

    public static string AllEventsOfIp(string ipAddress) => Page(AllTime with { IpAddress = ipAddress });

    public static string AllEventsOfNetwork(int asn) => Page(AllTime with { Asn = asn });

    public static string AllEventsOfSession(string sessionId) => Page(AllTime with { SessionId = sessionId });

    public static string User(string userId) => "admin/users/" + Uri.EscapeDataString(userId);
}
