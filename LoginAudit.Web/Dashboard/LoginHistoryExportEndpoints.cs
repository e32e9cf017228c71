using LoginAudit.Data.Export;
using LoginAudit.Data.History;
using LoginAudit.Data.Identity;
using Microsoft.Net.Http.Headers;

namespace LoginAudit.Web.Dashboard;

public static class LoginHistoryExportEndpoints
{
    /// <summary>Takes the history page's own query string, so "Export CSV" writes exactly the rows the grid shows.</summary>
    public const string Path = "/admin/logins/export";

    /// <summary>
    /// <c>GET /admin/logins/export?&lt;filter&gt;</c>: the filtered rows as a CSV download, for administrators only
    /// (anonymous: the sign-in challenge; signed in without the role: 403).
    /// </summary>
    public static IEndpointConventionBuilder MapLoginAuditExport(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(Path, ExportAsync)
            .RequireAuthorization(policy => policy.RequireRole(AdminAccountInitializer.AdminRole))
            .WithName("ExportLoginHistory");
    }

    /// <summary>Streams straight into the response body: rows are read and written one by one, never all held.</summary>
    private static async Task ExportAsync(HttpContext context, LoginLogCsvExporter exporter)
    {
        var filter = LoginHistoryFilter.Parse(context.Request.Query);
        var response = context.Response;
        response.ContentType = LoginLogCsvExporter.ContentType + "; charset=utf-8";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(exporter.SuggestFileName());
        response.Headers.ContentDisposition = disposition.ToString();

        // An audit export may hold personal data: keep it out of shared caches.
        response.Headers.CacheControl = "no-store";
        await exporter.WriteAsync(filter, response.Body, cancellationToken: context.RequestAborted);
    }
}
