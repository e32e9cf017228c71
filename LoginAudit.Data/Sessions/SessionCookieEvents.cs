using LoginAudit.Data.Auditing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Sessions;

/// <summary>
/// The sign-in cookie's events: security-stamp validation (as Identity does), plus the audit of a session
/// whose cookie is rejected, and the session's expiry moving forward when the cookie is renewed.
/// </summary>
public sealed partial class SessionCookieEvents(
    LoginAuditRecorder recorder,
    RevokedSessionList revoked,
    TimeProvider clock,
    ILogger<SessionCookieEvents> logger)
    : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var presented = context.Principal;
        if (revoked.Contains(SessionClaims.FindSessionId(presented)))
        {
            // Ended on purpose and already audited: refuse at once, without waiting for the stamp check.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);

        if (context.Principal is null && presented is not null)
        {
            await RecordRevokedAsync(presented);
        }
        else if (context.ShouldRenew)
        {
            await ExtendAsync(context.Principal, context.Properties);
        }
    }

    /// <summary>A signed-in user without the role gets 403 and the status page, not a redirect that hides the refusal.</summary>
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    public override Task CheckSlidingExpiration(CookieSlidingExpirationContext context) =>
        context.ShouldRenew ? ExtendAsync(context.Principal, context.Properties) : Task.CompletedTask;

    private async Task RecordRevokedAsync(System.Security.Claims.ClaimsPrincipal presented)
    {
        try
        {
            await recorder.RecordSessionEndAsync(new AuditEvent(LoginEventType.SessionRevoked)
            {
                UserId = presented.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
                UserName = presented.Identity?.Name,
                SessionId = SessionClaims.FindSessionId(presented),
                ErrorCode = "SecurityStampInvalid",
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The cookie is rejected either way; failing the whole request would only hide the page.
            LogRevocationNotAudited(exception);
        }
    }

    private async Task ExtendAsync(System.Security.Claims.ClaimsPrincipal? principal, AuthenticationProperties properties)
    {
        if (SessionClaims.FindSessionId(principal) is not { } sessionId || properties.IssuedUtc is not { } issued || properties.ExpiresUtc is not { } expires)
        {
            return;
        }

        // The renewed cookie keeps the ticket's length from now on.
        await recorder.ExtendSessionAsync(sessionId, (clock.GetUtcNow() + (expires - issued)).UtcDateTime);
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "A revoked session could not be audited; its cookie is rejected anyway.")]
    private partial void LogRevocationNotAudited(Exception exception);
}
