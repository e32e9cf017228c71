using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LoginAudit.Web.Security;

/// <summary>
/// How much and how slowly a client may send: a request body that trickles in is cut off with <c>408</c>, a
/// body larger than any form of the app with <c>413</c>, and neither reaches a page (so neither is a sign-in attempt).
/// </summary>
public static class RequestLimitsExtensions
{
    /// <summary>The largest form of the app is a few kilobytes; nothing here uploads files.</summary>
    public const long MaxRequestBodySize = 1024 * 1024;

    public static IServiceCollection AddLoginAuditRequestLimits(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            // Kestrel's defaults, stated because the sign-in form relies on them: at least 240 bytes a second after a
            // 5-second grace, and all headers within 30 seconds.
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }

    /// <summary>
    /// The error page outside Development, answering a request the server refused while reading it (too slow, too large)
    /// with the status the server chose, not 500.
    /// </summary>
    public static WebApplication UseLoginAuditErrorPage(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                CreateScopeForErrors = true,
                StatusCodeSelector = exception => exception is Microsoft.AspNetCore.Http.BadHttpRequestException refused ? refused.StatusCode : StatusCodes.Status500InternalServerError,
            });
        }

        return app;
    }
}
