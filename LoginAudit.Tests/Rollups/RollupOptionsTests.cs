using LoginAudit.Data;

namespace LoginAudit.Tests.Rollups;

public sealed class RollupOptionsTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.050")]
    [InlineData("01:00:01")]
    public void Options_RollupIntervalOutOfRange_IsRejectedWithASentenceNamingTheKey(string interval)
    {
        var options = new LoginAuditOptions { Rollups = { Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) } };

        var failure = Assert.Single(LoginAuditOptionsValidation.Validate(options));

        Assert.StartsWith("LoginAudit:Rollups:Interval must be between 00:00:00.1 and 01:00:00", failure);
    }

    [Fact]
    public void Options_Default_RollsUpEveryTwoSeconds()
    {
        var options = new LoginAuditOptions();

        Assert.Equal(TimeSpan.FromSeconds(2), options.Rollups.Interval);
        Assert.Empty(LoginAuditOptionsValidation.Validate(options));
    }
}
