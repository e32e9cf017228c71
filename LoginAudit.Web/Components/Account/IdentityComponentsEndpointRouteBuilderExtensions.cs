using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using LoginAudit.Web.Components.Account.Pages;
using LoginAudit.Web.Components.Account.Pages.Manage;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Reviews;
using LoginAudit.Data.Sessions;
using Microsoft.AspNetCore.Antiforgery;

namespace LoginAudit.Web.Components.Account;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    // These endpoints are required by the Identity Razor components defined in the /Components/Account/Pages directory of this project.
    public static IEndpointConventionBuilder MapLoginAuditAccount(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/PerformExternalLogin", (
            HttpContext context,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string provider,
            [FromForm] string returnUrl) =>
        {
            IEnumerable<KeyValuePair<string, StringValues>> query = [
                new("ReturnUrl", returnUrl),
                new("Action", ExternalLogin.LoginCallbackAction)];

            var redirectUrl = UriHelper.BuildRelative(
                context.Request.PathBase,
                "/Account/ExternalLogin",
                QueryString.Create(query));

            var properties = signInManager.ConfigureExternalAuthenticationProperties(provider, redirectUrl);
            return TypedResults.Challenge(properties, [provider]);
        });

        // The form is read by hand, after the antiforgery filter: a bound [FromForm] parameter would be read first and
        // throw on a missing token (a 500) instead of the filter's 400.
        accountGroup.MapPost("/Logout", async (
            HttpContext context,
            [FromServices] SignInManager<ApplicationUser> signInManager) =>
        {
            var returnUrl = (await context.Request.ReadFormAsync())["ReturnUrl"].ToString();

            // Decided before the sign-out is written: a return URL off the site is replaced, never an error after it.
            var target = IdentityRedirectManager.IsLocal(returnUrl) ? $"~/{returnUrl}" : "~/";
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(target);
        }).AddEndpointFilter(ValidateAntiforgeryFormAsync);

        accountGroup.MapPost("/PasskeyCreationOptions", async (
            HttpContext context,
            [FromServices] UserManager<ApplicationUser> userManager,
            [FromServices] SignInManager<ApplicationUser> signInManager) =>
        {
            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound($"Unable to load user with ID '{userManager.GetUserId(context.User)}'.");
            }

            var userId = await userManager.GetUserIdAsync(user);
            var userName = await userManager.GetUserNameAsync(user) ?? "User";
            var optionsJson = await signInManager.MakePasskeyCreationOptionsAsync(new()
            {
                Id = userId,
                Name = userName,
                DisplayName = userName
            });
            return TypedResults.Content(optionsJson, contentType: "application/json");
        }).AddEndpointFilter(ValidateAntiforgeryAsync);

        accountGroup.MapPost("/PasskeyRequestOptions", async (
            [FromServices] UserManager<ApplicationUser> userManager,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromQuery] string? username) =>
        {
            var user = string.IsNullOrEmpty(username) ? null : await userManager.FindByNameAsync(username);
            var optionsJson = await signInManager.MakePasskeyRequestOptionsAsync(user);
            return TypedResults.Content(optionsJson, contentType: "application/json");
        }).AddEndpointFilter(ValidateAntiforgeryAsync);

        var manageGroup = accountGroup.MapGroup("/Manage").RequireAuthorization();

        manageGroup.MapPost("/LinkExternalLogin", async (
            HttpContext context,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string provider) =>
        {
            // Clear the existing external cookie to ensure a clean login process
            await context.SignOutAsync(IdentityConstants.ExternalScheme);

            var redirectUrl = UriHelper.BuildRelative(
                context.Request.PathBase,
                "/Account/Manage/ExternalLogins",
                QueryString.Create("Action", ExternalLogins.LinkLoginCallbackAction));

            var properties = signInManager.ConfigureExternalAuthenticationProperties(provider, redirectUrl, signInManager.UserManager.GetUserId(context.User));
            return TypedResults.Challenge(properties, [provider]);
        });

        // "This wasn't me": ends every other session of the signed-in user and keeps this one.
        manageGroup.MapPost("/SignOutOtherSessions", async (
            HttpContext context,
            [FromServices] UserManager<ApplicationUser> userManager,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] SessionRevocation revocation) =>
        {
            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound();
            }

            var ended = await revocation.EndSessionsAsync(user.Id, SessionRevoker.EndedByUser, user.Id, keepSessionId: SessionClaims.FindSessionId(context.User));
            await signInManager.RefreshSignInAsync(user);
            return TypedResults.LocalRedirect($"~/account/sign-ins?ended={ended}");
        }).AddEndpointFilter(ValidateAntiforgeryFormAsync);

        // "This was me" / "This wasn't me" about one of the user's own flagged sign-ins (README, "Reviews"): anyone
        // else's event is refused and audited by the review itself.
        manageGroup.MapPost("/ReviewSignIn", async (
            HttpContext context,
            [FromServices] UserManager<ApplicationUser> userManager,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] SignInReviews reviews) =>
        {
            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound();
            }

            // Read here, after the antiforgery filter: form-bound parameters would make the framework read it first.
            var form = await context.Request.ReadFormAsync();
            var verdict = form["verdict"].ToString();
            if (!long.TryParse(form["eventId"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var eventId)
                || verdict is not ("mine" or "not-mine"))
            {
                return Results.BadRequest("eventId must be an event id and verdict mine or not-mine.");
            }

            var wasMe = verdict == "mine";
            var outcome = await reviews.ReviewAsUserAsync(eventId, wasMe, user.Id, user.UserName, SessionClaims.FindSessionId(context.User));
            if (outcome != ReviewOutcome.Recorded)
            {
                return Results.Forbid();
            }

            if (!wasMe)
            {
                // This session keeps working; the others were ended with the new security stamp.
                await signInManager.RefreshSignInAsync(user);
            }

            return TypedResults.LocalRedirect($"~/account/sign-ins?reviewed={verdict}");
        }).AddEndpointFilter(ValidateAntiforgeryFormAsync);

        var loggerFactory = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>();
        var downloadLogger = loggerFactory.CreateLogger("DownloadPersonalData");

        manageGroup.MapPost("/DownloadPersonalData", async (
            HttpContext context,
            [FromServices] UserManager<ApplicationUser> userManager,
            [FromServices] AuthenticationStateProvider authenticationStateProvider) =>
        {
            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound($"Unable to load user with ID '{userManager.GetUserId(context.User)}'.");
            }

            var userId = await userManager.GetUserIdAsync(user);
            downloadLogger.LogInformation("User with ID '{UserId}' asked for their personal data.", userId);

            // Only include personal data for download
            var personalData = new Dictionary<string, string>();
            var personalDataProps = typeof(ApplicationUser).GetProperties().Where(
                prop => Attribute.IsDefined(prop, typeof(PersonalDataAttribute)));
            foreach (var p in personalDataProps)
            {
                personalData.Add(p.Name, p.GetValue(user)?.ToString() ?? "null");
            }

            var logins = await userManager.GetLoginsAsync(user);
            foreach (var l in logins)
            {
                personalData.Add($"{l.LoginProvider} external login provider key", l.ProviderKey);
            }

            personalData.Add("Authenticator Key", (await userManager.GetAuthenticatorKeyAsync(user))!);
            var fileBytes = JsonSerializer.SerializeToUtf8Bytes(personalData);

            context.Response.Headers.TryAdd("Content-Disposition", "attachment; filename=PersonalData.json");
            return TypedResults.File(fileBytes, contentType: "application/json", fileDownloadName: "PersonalData.json");
        }).AddEndpointFilter(ValidateAntiforgeryFormAsync);

        return accountGroup;
    }

    // A form with no bound fields (and the passkey option requests, sent by script with the token as a header) gets
    // no automatic antiforgery check, so it is validated here.
    private static async ValueTask<object?> ValidateAntiforgeryAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        await IsAntiforgeryValidAsync(invocation.HttpContext) ? await next(invocation) : ExpiredForm();

    // The same for the endpoints that read their form: a POST of anything else is refused, never read (a 500).
    private static async ValueTask<object?> ValidateAntiforgeryFormAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        invocation.HttpContext.Request.HasFormContentType && await IsAntiforgeryValidAsync(invocation.HttpContext)
            ? await next(invocation)
            : ExpiredForm();

    private static Task<bool> IsAntiforgeryValidAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);

    private static IResult ExpiredForm() => Results.BadRequest("The form has expired. Reload the page and try again.");
}
