using System.Globalization;
using System.Threading.RateLimiting;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Throttling;
using Microsoft.AspNetCore.RateLimiting;

namespace LoginAudit.Web.Throttling;

/// <summary>
/// Marks a page whose form POST checks a password: every such POST passes the sign-in throttle, whatever the spelling
/// of the path that routed to it (README, "Throttling").
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ThrottledSignInFormAttribute : Attribute;

/// <summary>
/// Throttles the sign-in form's POST (password and passkey alike) with ASP.NET Core's rate limiter (README, "Throttling"). Which attempt
/// to refuse is decided from the failures already audited (<see cref="SignInThrottle"/>), not by counting
/// requests: a success never uses up a limit, so many people signing in behind one office address are
/// never refused.
/// </summary>
public static class SignInThrottlingExtensions
{
    public const string UserNameField = "Input.Email";

    /// <summary>The field the login form's "Log in with a passkey" fills; a passkey attempt is throttled like a password one.</summary>
    public const string PasskeyCredentialField = "Input.Passkey.CredentialJson";

    private static readonly object DecisionKey = new();

    public static IServiceCollection AddLoginAuditSignInThrottling(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = new DecidedLimiter();
            options.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>
    /// Place after the status-code pages (a refusal is shown as /status/429) and after antiforgery: a POST whose token
    /// is not valid is no sign-in attempt (the page refuses it with 400 before any password is checked) and is neither
    /// throttled nor audited.
    /// </summary>
    public static IApplicationBuilder UseLoginAuditSignInThrottling(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            // Decided on the endpoint routing chose, not on the path's spelling: /Account/Login/, /ACCOUNT/login and
            // whatever else reaches the page are throttled alike.
            if (await SignInFormPost.ReadAsync(context) is not { } attempt)
            {
                await next(context);
                return;
            }

            if (attempt.IsAmbiguous)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var userName = attempt.UserName;
            var device = context.RequestServices.GetRequiredService<DeviceCookies>().DeviceFor(context, userName);
            var throttle = context.RequestServices.GetRequiredService<SignInThrottle>();
            using var admission = await throttle.BeginAsync(context.Connection.RemoteIpAddress, userName, device, attempt.Method, context.RequestAborted);
            context.Features.Set(admission);
            if (admission.Refusal is { } refusal)
            {
                context.Items[DecisionKey] = refusal;
            }

            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        if (context.Items[DecisionKey] is ThrottleDecision decision)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(decision.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);

            // The status-code pages re-execute the pipeline for /status/429 with this request's Items and method.
            // That request must not be refused again, and must be a GET: a Blazor page answers 400 to the POST
            // of a form it does not have.
            context.Items.Remove(DecisionKey);
            context.Request.Method = HttpMethods.Get;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Refuses exactly the requests the throttle decided against; everything else passes untouched.</summary>
    private sealed class DecidedLimiter : PartitionedRateLimiter<HttpContext>
    {
        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => LeaseFor(resource);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(LeaseFor(resource));

        private static RateLimitLease LeaseFor(HttpContext context) =>
            context.Items[DecisionKey] is ThrottleDecision decision ? new Lease(decision.RetryAfter) : Lease.Granted;
    }

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
