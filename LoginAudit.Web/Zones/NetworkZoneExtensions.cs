using LoginAudit.Data.Networks;
using LoginAudit.Web.Throttling;

namespace LoginAudit.Web.Zones;

/// <summary>
/// <c>LoginAudit:Zones</c> on the sign-in form (README, "Network zones"): an attempt from a denied zone, or from
/// outside every allowed one, is refused with 403 before throttling and before any password is checked.
/// </summary>
public static class NetworkZoneExtensions
{
    /// <summary>Set on a refused request, so the status page says why.</summary>
    public static readonly object RefusedKey = new();

    /// <summary>Place after antiforgery (an invalid form is no attempt) and before the sign-in throttling.</summary>
    public static IApplicationBuilder UseLoginAuditNetworkZones(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            // An ambiguous form is refused by the throttling with 400, before anything is decided about it.
            if (await SignInFormPost.ReadAsync(context) is not { IsAmbiguous: false } attempt)
            {
                await next(context);
                return;
            }

            var check = context.RequestServices.GetRequiredService<ZoneCheck>();
            if (await check.CheckAsync(context.Connection.RemoteIpAddress, attempt.UserName, attempt.Method, context.RequestAborted) is null)
            {
                await next(context);
                return;
            }

            // The status-code pages re-execute /status/403 with this request; a Blazor page answers 400 to the POST
            // of a form it does not have, so the re-executed request is a GET.
            context.Items[RefusedKey] = true;
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Request.Method = HttpMethods.Get;
        });
        return app;
    }
}
