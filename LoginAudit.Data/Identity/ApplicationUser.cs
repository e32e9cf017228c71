using Microsoft.AspNetCore.Identity;

namespace LoginAudit.Data.Identity;

public sealed class ApplicationUser : IdentityUser
{
}
