using LoginAudit.Data.Export;
using LoginAudit.Data.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LoginAudit.Web.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The standard variable that turns the export on (README, "OpenTelemetry"); the other OTEL_* variables apply as usual.</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The meters of ASP.NET Core 10 read besides LoginAudit's own: Identity's sign-ins and user operations, authentication, authorization.</summary>
    public static readonly IReadOnlyList<string> FrameworkMeters =
    [
        "Microsoft.AspNetCore.Identity", "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Authorization",
    ];

    /// <summary>
    /// Logs (the <c>LoginAuditEvent</c> records among them), metrics and traces over OTLP, only when
    /// <see cref="EndpointKey"/> is set: without it nothing is collected and nothing leaves the process.
    /// </summary>
    public static IHostApplicationBuilder AddLoginAuditTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointKey]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ProductVersion.Name, serviceVersion: ProductVersion.Version))
            .WithLogging(configureBuilder: null, configureOptions: logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            })
            .WithMetrics(metrics => metrics
                .AddMeter(LoginAuditMetrics.MeterName)
                .AddMeter([.. FrameworkMeters])
                .AddAspNetCoreInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(LoginAuditMetrics.MeterName)
                .AddSource("System.Net.Http")
                .AddAspNetCoreInstrumentation())
            .UseOtlpExporter();
        return builder;
    }
}
