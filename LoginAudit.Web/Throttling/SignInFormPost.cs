using LoginAudit.Data.Auditing;
using Microsoft.AspNetCore.Antiforgery;

namespace LoginAudit.Web.Throttling;

/// <summary>
/// A valid POST of a form that checks a password: the user name it tries and how (password or passkey). One with two
/// user names (<see cref="IsAmbiguous"/>) is not a form the page sends: the page would sign in one name while the
/// throttle counted another, so it is refused with 400.
/// </summary>
internal sealed record SignInFormPost(string UserName, SignInMethod Method, bool IsAmbiguous = false)
{
    /// <summary>
    /// Null unless the request is a sign-in attempt: a POST to a page marked <see cref="ThrottledSignInFormAttribute"/>
    /// (decided on the endpoint, not the path's spelling) whose antiforgery token is valid.
    /// </summary>
    public static async Task<SignInFormPost?> ReadAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<ThrottledSignInFormAttribute>() is null
            || context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true }
            || !context.Request.HasFormContentType)
        {
            return null;
        }

        // Already read (and buffered) by the antiforgery check; the page binds the same form.
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userNames = form[SignInThrottlingExtensions.UserNameField];
        var method = string.IsNullOrEmpty(form[SignInThrottlingExtensions.PasskeyCredentialField]) ? SignInMethod.Password : SignInMethod.Passkey;
        return new SignInFormPost(userNames.ToString(), method, userNames.Count > 1);
    }
}
