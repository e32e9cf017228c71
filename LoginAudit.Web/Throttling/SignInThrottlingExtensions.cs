using System.Globalization;
using System.Threading.RateLimiting;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Throttling;
using Microsoft.AspNetCore.RateLimiting;

namespace LoginAudit.Web.Throttling;

/// <summary>
/// Throttles the sign-in form's POST (password and passkey alike) with ASP.NET Core's rate limiter (README, "Throttling"). Which attempt
/// to refuse is decided from the failures already audited (<see cref="SignInThrottle"/>), not by counting
/// requests: a success never uses up a limit, so many people signing in behind one office address are
/// never refused.
/// </summary>
public static partial class SignInThrottlingExtensions
{
    public const string SignInPath = "/Account/Login";
    public const string UserNameField = "Input.Email";

    /// <summary>The field the login form's "Log in with a passkey" fills; a passkey attempt is throttled like a password one.</summary>
    public const string PasskeyCredentialField = "Input.Passkey.CredentialJson";

    private static readonly object DecisionKey = new();
    private static readonly object UserNameKey = new();
    private static readonly object MethodKey = new();

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

    /// <summary>Place after the status-code pages (a refusal is shown as /status/429) and before the endpoints.</summary>
    public static IApplicationBuilder UseLoginAuditSignInThrottling(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase)
                && context.Request.HasFormContentType)
            {
                // The form is buffered by this read; the sign-in page binds the same, already parsed form.
                IFormCollection form;
                try
                {
                    form = await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    // A malformed body (a NUL in a value, too many fields) is the client's error, as the page itself would answer.
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                var userName = form[UserNameField].ToString();
                context.Items[UserNameKey] = userName;
                context.Items[MethodKey] = string.IsNullOrEmpty(form[PasskeyCredentialField]) ? SignInMethod.Password : SignInMethod.Passkey;
                var throttle = context.RequestServices.GetRequiredService<SignInThrottle>();
                if (await throttle.CheckAsync(context.Connection.RemoteIpAddress, userName, context.RequestAborted) is { } decision)
                {
                    context.Items[DecisionKey] = decision;
                }
            }

            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        if (context.Items[DecisionKey] is not ThrottleDecision decision)
        {
            return;
        }

        context.Response.Headers.RetryAfter = Math.Ceiling(decision.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);

        // The status-code pages re-execute the pipeline for /status/429 with this request's Items and method.
        // That request must not be refused again, and must be a GET: a Blazor page answers 400 to the POST
        // of a form it does not have.
        context.Items.Remove(DecisionKey);
        context.Request.Method = HttpMethods.Get;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInThrottlingExtensions));
        LogRefused(logger, context.Connection.RemoteIpAddress?.ToString(), decision.Limit);
        try
        {
            await context.RequestServices.GetRequiredService<LoginAuditRecorder>().RecordAsync(new AuditEvent(LoginEventType.RateLimited)
            {
                UserName = context.Items[UserNameKey] as string,
                FailureReason = LoginFailureReason.RateLimited,
                ErrorCode = decision.Limit.ToString(),
                SignInMethod = context.Items[MethodKey] as SignInMethod?,
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The attempt is refused either way; a refusal that cannot be audited must not turn into an error page.
            LogRefusalNotAudited(logger, exception, decision.Limit);
        }
    }

    [LoggerMessage(EventId = 4150, Level = LogLevel.Warning, Message = "Sign-in attempt from {IpAddress} refused by the throttling limit {Limit}.")]
    private static partial void LogRefused(ILogger logger, string? ipAddress, ThrottleLimit limit);

    [LoggerMessage(EventId = 4151, Level = LogLevel.Error, Message = "A sign-in attempt refused by {Limit} could not be audited; it is refused anyway.")]
    private static partial void LogRefusalNotAudited(ILogger logger, Exception exception, ThrottleLimit limit);

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
