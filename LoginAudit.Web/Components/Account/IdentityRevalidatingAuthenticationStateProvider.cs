using System.Security.Claims;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Live;
using LoginAudit.Data.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoginAudit.Web.Components.Account;

/// <summary>
/// The signed-in user of one interactive circuit. Every <c>LoginAudit:Sessions:CircuitRevalidationInterval</c> the
/// circuit is checked: its security stamp must match and its own session must not have ended in <c>login_sessions</c>.
/// When the live feed reports that a session of that user ended (signed out, revoked, expired), the circuit checks at
/// once whether it was its own. A circuit that fails becomes anonymous, and its pages' authorization sends it to sign in.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory scopeFactory;
    private readonly IOptions<IdentityOptions> identityOptions;
    private readonly IDbContextFactory<LoginAuditDbContext> contexts;
    private readonly IDisposable subscription;

    public IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> identityOptions,
        IOptions<LoginAuditOptions> auditOptions,
        IDbContextFactory<LoginAuditDbContext> contexts,
        LoginEventFeed feed)
        : base(loggerFactory)
    {
        this.scopeFactory = scopeFactory;
        this.identityOptions = identityOptions;
        this.contexts = contexts;
        RevalidationInterval = auditOptions.Value.Sessions.CircuitRevalidationInterval;
        subscription = feed.Subscribe(OnEventAsync);
    }

    protected override TimeSpan RevalidationInterval { get; }

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A new scope, so that the user manager reads fresh data.
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await ValidateSecurityStampAsync(userManager, authenticationState.User)
            && !await SessionEndedAsync(authenticationState.User, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            subscription.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task OnEventAsync(LoginEventNotice notice)
    {
        if (notice.EventType is not (LoginEventType.SignedOut or LoginEventType.SessionRevoked or LoginEventType.SessionExpired))
        {
            return;
        }

        var state = await GetAuthenticationStateAsync();
        var userId = state.User.FindFirstValue(identityOptions.Value.ClaimsIdentity.UserIdClaimType);
        // Only this circuit's own session counts here: "sign out all my other sessions" changes the security stamp
        // too, and the kept session's circuits must not fall with the others (the periodic check sees the stamp).
        if (userId is null || userId != notice.UserId || !await SessionEndedAsync(state.User, CancellationToken.None))
        {
            return;
        }

        SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }

        if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }

        var principalStamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        var userStamp = await userManager.GetSecurityStampAsync(user);
        return principalStamp == userStamp;
    }

    private async Task<bool> SessionEndedAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (SessionClaims.FindSessionId(principal) is not { } sessionId)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LoginSessions.AnyAsync(session => session.SessionId == sessionId && session.EndedAt != null, cancellationToken);
    }
}
