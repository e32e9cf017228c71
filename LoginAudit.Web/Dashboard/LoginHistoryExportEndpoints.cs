using LoginAudit.Data.Export;
using LoginAudit.Data.History;
using LoginAudit.Data.Identity;
using Microsoft.Net.Http.Headers;

namespace LoginAudit.Web.Dashboard;

public static class LoginHistoryExportEndpoints
{
    /// <summary>Takes the history page's own query string, so "Export" writes exactly the rows the grid shows.</summary>
    public const string Path = "/admin/logins/export";

    /// <summary>The query parameter naming the <see cref="ExportFormat"/> (csv when absent): csv, jsonl, ocsf or ecs.</summary>
    public const string FormatKey = "format";

    /// <summary>
    /// <c>GET /admin/logins/export?&lt;filter&gt;[&amp;format=jsonl|ocsf|ecs]</c>: the filtered rows as a download (CSV by
    /// default), for administrators only (anonymous: the sign-in challenge; signed in without the role: 403). An unknown
    /// format is a 400 that names the known ones.
    /// </summary>
    public static IEndpointConventionBuilder MapLoginAuditExport(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(Path, ExportAsync)
            .RequireAuthorization(policy => policy.RequireRole(AdminAccountInitializer.AdminRole))
            .WithName("ExportLoginHistory");
    }

    /// <summary>Streams straight into the response body: rows are read and written one by one, never all held.</summary>
    private static async Task ExportAsync(HttpContext context, LoginHistoryExporter exporter)
    {
        var response = context.Response;
        var requested = context.Request.Query[FormatKey].ToString();
        var format = ExportFormat.Csv;
        if (requested.Length > 0 && !ExportFormats.TryParse(requested, out format))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await response.WriteAsync($"Unknown export format; use one of: {string.Join(", ", ExportFormats.Names)}.", context.RequestAborted);
            return;
        }

        var filter = LoginHistoryFilter.Parse(context.Request.Query);
        response.ContentType = LoginHistoryExporter.ContentType(format) + "; charset=utf-8";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(exporter.SuggestFileName(format));
        response.Headers.ContentDisposition = disposition.ToString();

        // An audit export may hold personal data: keep it out of shared caches.
        response.Headers.CacheControl = "no-store";
        await exporter.WriteAsync(format, filter, response.Body, cancellationToken: context.RequestAborted);
    }
}
