using LoginAudit.Data.Reviews;

namespace LoginAudit.Web.Components.Account;

/// <summary>
/// An account whose sign-in an administrator confirmed compromised must choose a new password before anything else
/// (README, "Reviews"): while its principal carries <see cref="NewPasswordClaims.ClaimType"/>, every page sends it to
/// the change-password page. Signing out, files (a path with an extension) and the framework's own paths stay reachable.
/// </summary>
public static class NewPasswordRequirement
{
    public const string ChangePasswordPath = "/Account/Manage/ChangePassword";

    private static readonly string[] Reachable = [ChangePasswordPath, "/Account/Logout", "/Account/Login", "/_framework", "/_content", "/_blazor", "/status"];

    /// <summary>Place after authentication.</summary>
    public static IApplicationBuilder UseLoginAuditNewPasswordRequirement(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (NewPasswordClaims.IsRequired(context.User)
                && !Reachable.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase))
                && !Path.HasExtension(context.Request.Path.Value))
            {
                context.Response.Redirect($"{context.Request.PathBase}{ChangePasswordPath}");
                return;
            }

            await next(context);
        });
        return app;
    }
}
