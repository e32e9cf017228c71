using LoginAudit.Data.Auditing;

namespace LoginAudit.Tests.Auditing;

/// <summary>The writer's memory of recent failures: bounded, and never holding what it was not given.</summary>
public sealed class RecentFailuresTests
{
    private static readonly DateTime Start = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Add_ANewNameAtTheLimit_ForgetsTheNameWhoseNewestFailureIsOldest()
    {
        var failures = new RecentFailures();
        for (var n = 0; n < RecentFailures.MaxNamesPerAddress; n++)
        {
            failures.Add("203.0.113.1", $"name{n}", Start.AddSeconds(n));
        }

        failures.Add("203.0.113.1", "name0", Start.AddHours(1));
        failures.Add("203.0.113.1", "newcomer", Start.AddHours(2));

        var kept = failures.NamesSince("203.0.113.1", Start).ToList();
        Assert.Equal(RecentFailures.MaxNamesPerAddress, kept.Count);
        Assert.Contains("name0", kept);
        Assert.Contains("newcomer", kept);
        Assert.DoesNotContain("name1", kept);
    }

    [Fact]
    public void Add_ANewAddressAtTheLimit_ForgetsTheQuietestHalf()
    {
        var failures = new RecentFailures();
        for (var n = 0; n < RecentFailures.MaxAddresses; n++)
        {
            failures.Add($"address{n}", "name", Start.AddSeconds(n));
        }

        failures.Add("address0", "name", Start.AddHours(1));
        failures.Add("newcomer", "name", Start.AddHours(2));

        Assert.Equal((RecentFailures.MaxAddresses / 2) + 1, failures.AddressCount);
        Assert.Equal(1, failures.NameCount("address0"));
        Assert.Equal(1, failures.NameCount("newcomer"));
        Assert.Equal(0, failures.NameCount("address1"));
        Assert.Equal(1, failures.NameCount($"address{RecentFailures.MaxAddresses - 1}"));
    }

    [Fact]
    public void NamesSince_ANameWhoseNewestFailureIsBeforeTheWindow_IsLeftOut()
    {
        var failures = new RecentFailures();
        failures.Add("203.0.113.1", "early", Start);
        failures.Add("203.0.113.1", "late", Start.AddMinutes(20));

        Assert.Equal(["late"], failures.NamesSince("203.0.113.1", Start.AddMinutes(5)));
    }
}
