using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using LoginAudit.Data.Identity;

namespace LoginAudit.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>
    /// Never fails and never leaves the site: a return URL of another site, or one that is not a URL at all, becomes the
    /// start page. Pages call this after the sign-in (or sign-out) is written, so it must not turn an event that
    /// happened into an error page (README, "Return URLs").
    /// </summary>
    public void RedirectTo(string? uri) => navigationManager.NavigateTo(OnThisSite(uri));

    private string OnThisSite(string? uri)
    {
        uri ??= "";
        if (!uri.StartsWith('/') && Uri.TryCreate(uri, UriKind.Absolute, out var absolute))
        {
            // The template's RedirectToLogin passes the page's absolute URI.
            return absolute.AbsoluteUri.StartsWith(navigationManager.BaseUri, StringComparison.Ordinal)
                ? navigationManager.ToBaseRelativePath(absolute.AbsoluteUri)
                : "";
        }

        return IsLocal(uri.StartsWith('/') ? uri[1..] : uri) ? uri : "";
    }

    /// <summary>
    /// A base-relative URL that stays on this site: well formed, and neither a second slash nor a backslash in front,
    /// which browsers read as another host (<c>//evil.example</c>, <c>/\evil.example</c>).
    /// </summary>
    public static bool IsLocal(string baseRelativeUri) =>
        Uri.IsWellFormedUriString(baseRelativeUri, UriKind.Relative)
        && !baseRelativeUri.StartsWith('/')
        && !baseRelativeUri.Contains('\\')
        && !baseRelativeUri.Any(char.IsControl);

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: Unable to load user with ID '{userManager.GetUserId(context.User)}'.", context);
}
