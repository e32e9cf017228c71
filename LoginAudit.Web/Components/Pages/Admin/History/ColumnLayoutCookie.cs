using Microsoft.AspNetCore.Http;

namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>
/// Where an administrator's history columns are remembered: a cookie of this browser, holding the admin's id beside the
/// layout, so the server renders the grid in that layout at once (a static page has no script to ask) and another admin
/// signing in on the same browser starts from the default.
/// </summary>
public static class ColumnLayoutCookie
{
    public const string Name = "loginaudit-history-columns";

    public static ColumnLayout Read(HttpContext context, string adminId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stored = context.Request.Cookies[Name];
        var separator = stored?.IndexOf('/') ?? -1;
        return separator > 0 && stored![..separator] == adminId ? ColumnLayout.Parse(stored[(separator + 1)..]) : ColumnLayout.Default;
    }

    /// <summary>Only the server reads it (HttpOnly), for a year; Lax, like the sign-in cookie.</summary>
    public static void Write(HttpContext context, string adminId, ColumnLayout layout)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(layout);
        context.Response.Cookies.Append(Name, $"{adminId}/{layout.Serialize()}", new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
    }
}
