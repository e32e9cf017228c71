using LoginAudit.Data;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.KeyRing;
using LoginAudit.Data.Reviews;
using LoginAudit.Data.Streams;
using LoginAudit.Web.Circuits;
using LoginAudit.Web.Commands;
using LoginAudit.Web.Components;
using LoginAudit.Web.Components.Account;
using LoginAudit.Web.Components.Layout;
using LoginAudit.Web.Dashboard;
using LoginAudit.Web.RequestContext;
using LoginAudit.Web.Security;
using LoginAudit.Web.Telemetry;
using LoginAudit.Web.Throttling;
using LoginAudit.Web.Zones;

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args, Console.Out, Console.Error, Console.In, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddLoginAuditData(builder.Configuration);
builder.Services.AddLoginAuditKeyRing(builder.Configuration);
builder.Services.AddLoginAuditIdentity();
builder.Services.AddLoginAuditIntegrity();
builder.Services.AddLoginAuditStreams();
builder.AddLoginAuditTelemetry();
builder.Services.AddLoginAuditRequestContext();
builder.Services.AddLoginAuditSecurityHeaders();
builder.Services.AddLoginAuditRequestLimits();
builder.Services.AddLoginAuditSignInThrottling();
builder.Services.AddLoginAuditReviews();
builder.Services.AddLoginAuditAccountPages();
builder.Services.AddLoginAuditUserInterface();
builder.Services.AddLoginAuditDashboard();
builder.Services.AddLoginAuditCircuits();

var app = builder.Build();

await app.Services.InitializeLoginAuditDatabaseAsync();

app.UseLoginAuditRequestContext();
app.UseLoginAuditSecurityHeaders();
app.UseLoginAuditErrorPage();

app.UseStatusCodePagesWithReExecute("/status/{0}");

// Placed after the status-code pages, so that a refused page (403, 429) is shown as a page, not an empty answer.
app.UseAuthentication();
app.UseAuthorization();
app.UseLoginAuditNewPasswordRequirement();
app.UseAntiforgery();
app.UseLoginAuditNetworkZones();
app.UseLoginAuditSignInThrottling();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapLoginAuditAccount();
app.MapLoginAuditExport();

await app.RunAsync();
return 0;

public partial class Program;
