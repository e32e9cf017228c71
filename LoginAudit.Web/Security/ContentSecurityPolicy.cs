namespace LoginAudit.Web.Security;

/// <summary>
/// The Content-Security-Policy of every response, in one place. It names no component library: whatever the pages are
/// built with must work with scripts, styles, fonts and images served by the app itself.
/// </summary>
public static class ContentSecurityPolicy
{
    /// <summary>The policy for a response whose one inline script (the import map) carries <paramref name="scriptNonce"/>.</summary>
    public static string For(string scriptNonce) => string.Join("; ",
        "default-src 'self'",
        // blazor.web.js and the libraries' scripts come from the app; the only inline script is <ImportMap />, which
        // carries the response's nonce. No 'unsafe-eval': Blazor Server does not need it.
        $"script-src 'self' 'nonce-{scriptNonce}'",
        // Component libraries render style="..." attributes and set them from the circuit, and blazor.web.js adds a
        // <style> element for its reconnection dialog: neither can carry a nonce or a stable hash, so inline styles
        // stay allowed. Styles cannot run code; scripts stay strict.
        "style-src 'self' 'unsafe-inline'",
        // Bootstrap's and the libraries' stylesheets draw small icons as data: SVGs.
        "img-src 'self' data:",
        "font-src 'self'",
        // The circuit's WebSocket: 'self' matches ws(s):// to the same host and port in CSP Level 3 browsers.
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'");
}
