using LoginAudit.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.Reviews;

public static class ReviewServiceCollectionExtensions
{
    /// <summary>
    /// Reviews of flagged events (<see cref="SignInReviews"/>, scoped like the session revocation it uses) and the
    /// claim that sends an account confirmed compromised to choose a new password first (<see cref="NewPasswordClaims"/>).
    /// </summary>
    public static IServiceCollection AddLoginAuditReviews(this IServiceCollection services)
    {
        services.TryAddScoped<SignInReviews>();
        services.AddScoped<IUserClaimsPrincipalFactory<ApplicationUser>, NewPasswordClaims>();
        return services;
    }
}
