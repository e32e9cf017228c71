using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Circuits;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoginAudit.Tests.Circuits;

/// <summary>The memory bounds of the interactive pages (<c>LoginAudit:Circuits</c>), as the running app applies them.</summary>
public sealed class CircuitLimitsTests
{
    [Fact]
    public async Task Start_Defaults_BoundDisconnectedCircuitsTighterThanBlazor()
    {
        await using var app = new LoginAuditAppFactory();

        var circuits = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(50, circuits.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(1), circuits.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(5, circuits.MaxBufferedUnacknowledgedRenderBatches);
        Assert.Equal(TimeSpan.FromSeconds(30), circuits.JSInteropDefaultCallTimeout);
        Assert.Equal(100, circuits.PersistedCircuitInMemoryMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(10), circuits.PersistedCircuitInMemoryRetentionPeriod);
    }

    [Fact]
    public async Task Start_ConfiguredLimits_ReachBlazorAndItsHub()
    {
        await using var app = new LoginAuditAppFactory(settings =>
        {
            settings["LoginAudit:Circuits:DisconnectedMaxRetained"] = "7";
            settings["LoginAudit:Circuits:DisconnectedRetentionPeriod"] = "00:00:20";
            settings["LoginAudit:Circuits:MaximumReceiveMessageSize"] = "65536";
        });

        var circuits = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(7, circuits.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromSeconds(20), circuits.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(65536, app.Services.GetRequiredService<IOptions<HubOptions>>().Value.MaximumReceiveMessageSize);
    }

    [Theory]
    [InlineData("DisconnectedMaxRetained", "-1")]
    [InlineData("DisconnectedRetentionPeriod", "00:00:00")]
    [InlineData("MaxBufferedUnacknowledgedRenderBatches", "0")]
    [InlineData("JSInteropCallTimeout", "01:00:00")]
    [InlineData("MaximumReceiveMessageSize", "100")]
    [InlineData("PersistedMaxRetained", "20000")]
    [InlineData("PersistedRetentionPeriod", "2.00:00:00")]
    public async Task Start_LimitOutOfRange_StopsTheAppWithTheSentenceNamingTheKey(string key, string value)
    {
        await using var app = new LoginAuditAppFactory(settings => settings[$"LoginAudit:Circuits:{key}"] = value);

        var failure = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains($"LoginAudit:Circuits:{key} must be between", failure.Message);
    }
}
