using LoginAudit.Data.Detection;

namespace LoginAudit.Tests.Detection;

/// <summary>The documented table (README, "Risk levels"), row by row.</summary>
public sealed class RiskTableTests
{
    [Theory]
    [InlineData(SuspicionReasons.None, RiskLevel.None)]
    [InlineData(SuspicionReasons.NewDevice, RiskLevel.Low)]
    [InlineData(SuspicionReasons.NewCity, RiskLevel.Low)]
    [InlineData(SuspicionReasons.NewDevice | SuspicionReasons.NewCity, RiskLevel.Low)]
    [InlineData(SuspicionReasons.NewCountry, RiskLevel.Medium)]
    [InlineData(SuspicionReasons.HostingNetwork, RiskLevel.Medium)]
    [InlineData(SuspicionReasons.BotUserAgent, RiskLevel.Medium)]
    [InlineData(SuspicionReasons.NewCountry | SuspicionReasons.NewDevice, RiskLevel.Medium)]
    [InlineData(SuspicionReasons.NewCountry | SuspicionReasons.HostingNetwork, RiskLevel.High)]
    [InlineData(SuspicionReasons.BotUserAgent | SuspicionReasons.HostingNetwork, RiskLevel.High)]
    [InlineData(SuspicionReasons.BruteForce, RiskLevel.High)]
    [InlineData(SuspicionReasons.PasswordSpraying, RiskLevel.High)]
    [InlineData(SuspicionReasons.ImpossibleTravel, RiskLevel.High)]
    [InlineData(SuspicionReasons.ImpossibleTravel | SuspicionReasons.NewCountry | SuspicionReasons.HostingNetwork, RiskLevel.High)]
    public void Of_Signals_IsTheTablesLevel(SuspicionReasons signals, RiskLevel expected) => Assert.Equal(expected, RiskTable.Of(signals));

    [Fact]
    public void LevelOf_EverySignal_HasALevelAboveNone() =>
        Assert.All(
            Enum.GetValues<SuspicionReasons>().Where(signal => signal != SuspicionReasons.None),
            signal => Assert.NotEqual(RiskLevel.None, RiskTable.LevelOf(signal)));
}
