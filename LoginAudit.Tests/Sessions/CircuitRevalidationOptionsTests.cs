using LoginAudit.Data;

namespace LoginAudit.Tests.Sessions;

public sealed class CircuitRevalidationOptionsTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.500")]
    [InlineData("01:00:01")]
    public void Options_CircuitRevalidationIntervalOutOfRange_IsRejectedWithASentenceNamingTheKey(string interval)
    {
        var options = new LoginAuditOptions { Sessions = { CircuitRevalidationInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) } };

        var failure = Assert.Single(LoginAuditOptionsValidation.Validate(options));

        Assert.StartsWith("LoginAudit:Sessions:CircuitRevalidationInterval must be between 00:00:01 and 01:00:00", failure);
    }

    [Fact]
    public void Options_Default_RevalidatesCircuitsEveryMinute()
    {
        var options = new LoginAuditOptions();

        Assert.Equal(TimeSpan.FromMinutes(1), options.Sessions.CircuitRevalidationInterval);
        Assert.Empty(LoginAuditOptionsValidation.Validate(options));
    }
}
