using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Identity;

/// <summary>Creates the <c>Admin</c> role and, when configured, the first admin account.</summary>
public sealed partial class AdminAccountInitializer(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<LoginAuditOptions> options,
    ILogger<AdminAccountInitializer> logger)
{
    public const string AdminRole = "Admin";

    public async Task InitializeAsync()
    {
        if (!await roles.RoleExistsAsync(AdminRole))
        {
            Require(await roles.CreateAsync(new IdentityRole(AdminRole)), "create the Admin role");
        }

        var admin = options.Value.Admin;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrWhiteSpace(admin.Password))
        {
            if ((await users.GetUsersInRoleAsync(AdminRole)).Count == 0)
            {
                LogNoAdmin();
            }

            return;
        }

        var user = await users.FindByEmailAsync(admin.Email);
        if (user is null)
        {
            user = new ApplicationUser { UserName = admin.Email, Email = admin.Email, EmailConfirmed = true };
            Require(await users.CreateAsync(user, admin.Password), "create the admin account from LoginAudit:Admin");
            LogAdminCreated(user.Id);
        }

        // An existing account keeps its password: the configured one only seeds the first start.
        if (!await users.IsInRoleAsync(user, AdminRole))
        {
            Require(await users.AddToRoleAsync(user, AdminRole), "add the admin account to the Admin role");
        }
    }

    private static void Require(IdentityResult result, string action)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not {action}: {string.Join(" ", result.Errors.Select(error => error.Description))}");
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "No admin account exists, so nobody can open /admin. Set LoginAudit:Admin:Email and LoginAudit:Admin:Password (environment variables LoginAudit__Admin__Email and LoginAudit__Admin__Password) and restart; the account and the Admin role are created at start.")]
    private partial void LogNoAdmin();

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Created the admin account {UserId} from configuration.")]
    private partial void LogAdminCreated(string userId);
}
