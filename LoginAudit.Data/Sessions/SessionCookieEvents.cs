using LoginAudit.Data.Auditing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Sessions;

/// <summary>
/// The sign-in cookie's events: security-stamp validation (as Identity does), plus the audit of a session
/// whose cookie is rejected, the refusal of a cookie whose session already ended, and the session's expiry
/// moving forward when the cookie is renewed.
/// </summary>
public sealed partial class SessionCookieEvents(
    LoginAuditRecorder recorder,
    RevokedSessionList revoked,
    IDbContextFactory<LoginAuditDbContext> contexts,
    IOptions<SecurityStampValidatorOptions> validation,
    TimeProvider clock,
    ILogger<SessionCookieEvents> logger)
    : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var presented = context.Principal;
        var sessionId = SessionClaims.FindSessionId(presented);
        if (revoked.Contains(sessionId) || (DueForValidation(context) && await HasEndedAsync(sessionId)))
        {
            // Ended already (signed out, expired, revoked) and audited then: a copy of its cookie, or one
            // renewed by a request still in flight at sign-out, must not bring the session back.
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

    // The same cadence as the security-stamp check, so the database sees one lookup per interval, not per request.
    private bool DueForValidation(CookieValidatePrincipalContext context) =>
        context.Properties.IssuedUtc is not { } issued || clock.GetUtcNow() - issued > validation.Value.ValidationInterval;

    private async Task<bool> HasEndedAsync(string? sessionId)
    {
        if (sessionId is null)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync();
        return await db.LoginSessions.AnyAsync(session => session.SessionId == sessionId && session.EndedAt != null);
    }

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
