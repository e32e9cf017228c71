using LoginAudit.Data.Alerts;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.Live;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.Telemetry;
using LoginAudit.Data.Throttling;
using LoginAudit.Data.UserAgents;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core Identity with lockout on and passkeys, every authentication event audited (<see cref="AuditingSignInManager"/>,
    /// <see cref="AuditingUserManager"/> for passkey changes),
    /// and server-side session tracking so that sessions ending without a sign-out are audited too.
    /// </summary>
    public static IServiceCollection AddLoginAuditIdentity(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddLoginAuditMetrics();
        services.AddLoginAuditUserAgents();
        services.AddLoginAuditDetection();
        services.AddLoginAuditSignInThrottle();
        services.AddLoginAuditAlerts();
        services.AddLoginAuditLiveFeed();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.AddIdentityCore<ApplicationUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LoginAuditDbContext>()
            .AddUserManager<AuditingUserManager>()
            .AddSignInManager<AuditingSignInManager>()
            .AddDefaultTokenProviders();

        services.AddOptions<IdentityOptions>().Configure<IOptions<LoginAuditOptions>>((identity, audit) =>
        {
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = audit.Value.Lockout.MaxFailedAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = audit.Value.Lockout.Duration;
            identity.SignIn.RequireConfirmedAccount = audit.Value.RequireConfirmedAccount;
            identity.User.RequireUniqueEmail = true;
        });

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<LoginAuditOptions>>((cookie, audit) =>
        {
            cookie.ExpireTimeSpan = audit.Value.Sessions.CookieLifetime;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/Account/Login";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            cookie.EventsType = typeof(SessionCookieEvents);
        });

        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<LoginAuditOptions>>((validator, audit) =>
        {
            validator.ValidationInterval = audit.Value.Sessions.SecurityStampValidationInterval;

            // The principal rebuilt after validation would otherwise lose the session id.
            validator.OnRefreshingPrincipal = context =>
            {
                if (SessionClaims.FindSessionId(context.CurrentPrincipal) is { } sessionId
                    && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    identity.AddClaim(SessionClaims.ToClaim(sessionId));
                }

                return Task.CompletedTask;
            };
        });

        services.AddScoped<AdminAccountInitializer>();
        services.AddScoped<SessionCookieEvents>();
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<LoginAuditRecorder>();
        services.AddSingleton<UnknownUserPasswordCheck>();
        services.AddSingleton<SessionExpiry>();
        services.AddSingleton<RevokedSessionList>();
        services.AddScoped<SessionRevocation>();
        services.AddHostedService<SessionExpirySweeper>();
        return services;
    }
}
