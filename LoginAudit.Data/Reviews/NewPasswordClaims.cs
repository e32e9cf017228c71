using System.Security.Claims;
using LoginAudit.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Reviews;

/// <summary>
/// Identity's claims, plus <see cref="ClaimType"/> while the account must choose a new password (an administrator
/// confirmed one of its sign-ins compromised): the web app then lets the session reach only the change-password page.
/// </summary>
public sealed class NewPasswordClaims(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string ClaimType = "loginaudit:new-password-required";

    public static bool IsRequired(ClaimsPrincipal? principal) => principal?.HasClaim(claim => claim.Type == ClaimType) == true;

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.RequiresNewPassword)
        {
            identity.AddClaim(new Claim(ClaimType, "true"));
        }

        return identity;
    }
}
