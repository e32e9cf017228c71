using LoginAudit.Data;

namespace LoginAudit.Tests.Partitioning;

public sealed class LoginLogPartitionOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public void Options_PartitionMonthsAheadOutOfRange_AreRejectedWithASentenceNamingTheKey(int months)
    {
        var failures = LoginAuditOptionsValidation.Validate(new LoginAuditOptions { Database = { PartitionMonthsAhead = months } }).ToList();

        var failure = Assert.Single(failures);
        Assert.StartsWith("LoginAudit:Database:PartitionMonthsAhead must be between 1 and 60", failure);
    }
}
