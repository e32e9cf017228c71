using Bunit;
using LoginAudit.Data.Detection;
using LoginAudit.Web.Components.Shared;

namespace LoginAudit.Tests.Components.Shared;

public sealed class RiskChipTests : PageTest
{
    [Theory]
    [InlineData(RiskLevel.Low, "mud-chip-color-info")]
    [InlineData(RiskLevel.Medium, "mud-chip-color-warning")]
    [InlineData(RiskLevel.High, "mud-chip-color-error")]
    public void Render_Level_IsAChipInItsColourWithItsWords(RiskLevel level, string colourClass)
    {
        var chip = Render<RiskChip>(parameters => parameters.Add(p => p.Level, level)).Find(".risk-chip");

        Assert.Contains(colourClass, chip.ClassList);
        Assert.Equal(Words.Risk(level), chip.TextContent.Trim());
    }

    [Fact]
    public void Render_NoRisk_ShowsNothing() =>
        Assert.Empty(Render<RiskChip>(parameters => parameters.Add(p => p.Level, RiskLevel.None)).Markup.Trim());
}
