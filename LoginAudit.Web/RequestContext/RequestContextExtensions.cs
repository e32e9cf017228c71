using LoginAudit.Data;
using LoginAudit.Data.UserAgents;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace LoginAudit.Web.RequestContext;

/// <summary>Who is asking: the client address behind trusted proxies, and the client hints we want.</summary>
public static class RequestContextExtensions
{
    public static IServiceCollection AddLoginAuditRequestContext(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<LoginAuditOptions>>((forwarded, audit) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // ASP.NET Core trusts loopback by default; LoginAudit trusts exactly what is configured.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();

            // Walk back through every trusted hop; the first untrusted or unparsable entry is the client.
            forwarded.ForwardLimit = null;
            foreach (var proxy in audit.Value.TrustedProxies)
            {
                if (TrustedProxyParser.TryParse(proxy, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
            }
        });
        return services;
    }

    public static IApplicationBuilder UseLoginAuditRequestContext(this IApplicationBuilder app)
    {
        // With no known proxies at all, the forwarded-headers middleware would believe every peer.
        if (app.ApplicationServices.GetRequiredService<IOptions<LoginAuditOptions>>().Value.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        // Chrome freezes the OS version in its user agent; asking for the platform version lets the
        // next request (the sign-in form's POST) tell Windows 11 from Windows 10.
        app.Use((context, next) =>
        {
            context.Response.Headers["Accept-CH"] = ClientHints.AcceptChHeaderValue;
            return next(context);
        });
        return app;
    }
}
