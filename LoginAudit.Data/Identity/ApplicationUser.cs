using Microsoft.AspNetCore.Identity;

namespace LoginAudit.Data.Identity;

public sealed class ApplicationUser : IdentityUser
{
    /// <summary>
    /// Set when an administrator confirms a sign-in compromised: the next sign-in must choose a new password before
    /// anything else (README, "Reviews"); cleared when the password changes.
    /// </summary>
    public bool RequiresNewPassword { get; set; }
}
