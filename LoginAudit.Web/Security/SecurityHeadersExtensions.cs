using System.Security.Cryptography;
using Microsoft.AspNetCore.CookiePolicy;

namespace LoginAudit.Web.Security;

/// <summary>
/// The headers every response carries (Content-Security-Policy with a per-request script nonce, nosniff, no referrer,
/// no framing, HSTS outside Development), and every cookie marked <c>Secure</c> when the request came over HTTPS.
/// </summary>
public static class SecurityHeadersExtensions
{
    private static readonly object NonceKey = new();

    public static IServiceCollection AddLoginAuditSecurityHeaders(this IServiceCollection services)
    {
        // Every cookie the app writes (sign-in, two-factor, device, antiforgery, status message) goes through the policy.
        services.Configure<CookiePolicyOptions>(policy => policy.Secure = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    public static WebApplication UseLoginAuditSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;

            // Set when the response starts, so that a page re-executed for an error or a status code has them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy.For(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // URLs here carry user names, addresses and user ids: never sent to another site. Not "no-referrer":
                // with it Chromium posts forms with "Origin: null", and Identity's passkey checks refuse that origin.
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseCookiePolicy();
        return app;
    }

    /// <summary>The nonce this response's Content-Security-Policy allows an inline script with.</summary>
    public static string ScriptNonce(this HttpContext context) =>
        context.Items[NonceKey] as string
        ?? throw new InvalidOperationException($"{nameof(UseLoginAuditSecurityHeaders)} has not run for this request.");
}
