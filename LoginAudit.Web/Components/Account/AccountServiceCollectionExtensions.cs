using LoginAudit.Data.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace LoginAudit.Web.Components.Account;

public static class AccountServiceCollectionExtensions
{
    /// <summary>The Identity pages' services, as the official Blazor template has them.</summary>
    public static IServiceCollection AddLoginAuditAccountPages(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        return services;
    }
}
