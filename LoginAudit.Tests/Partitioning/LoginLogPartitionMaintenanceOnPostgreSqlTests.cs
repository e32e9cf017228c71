using LoginAudit.Data;
using LoginAudit.Data.Partitioning;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Partitioning;

/// <summary>The app keeps the months ahead partitioned on PostgreSQL: at start, and as time goes on.</summary>
[OnPostgreSql]
public sealed class LoginLogPartitionMaintenanceOnPostgreSqlTests() : AppTest(settings => settings["LoginAudit:Database:PartitionMonthsAhead"] = "2", DatabaseProvider.PostgreSQL)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [DatabaseFact]
    public async Task Start_CurrentMonthAndTheConfiguredMonthsAhead_HavePartitions()
    {
        var partitions = App.Services.GetRequiredService<LoginLogPartitions>();
        var current = LoginLogPartitions.MonthOf(App.Clock.GetUtcNow().UtcDateTime);
        IReadOnlyList<DateTime> months = [];

        await Eventually.HoldsAsync(
            async () => (months = await partitions.ListAsync()).Contains(current.AddMonths(2)),
            Timeout,
            () => $"partitions: {string.Join(", ", months.Select(LoginLogPartitions.NameOf))}");

        Assert.Superset(new HashSet<DateTime> { current, current.AddMonths(1), current.AddMonths(2) }, months.ToHashSet());
        Assert.DoesNotContain(current.AddMonths(3), months);
    }

    [DatabaseFact]
    public async Task DailyPass_MonthComingIntoReach_GetsItsPartition()
    {
        var partitions = App.Services.GetRequiredService<LoginLogPartitions>();
        var current = LoginLogPartitions.MonthOf(App.Clock.GetUtcNow().UtcDateTime);
        IReadOnlyList<DateTime> months = [];
        await Eventually.HoldsAsync(async () => (months = await partitions.ListAsync()).Contains(current.AddMonths(2)), Timeout, () => "the partitions at start");

        App.Clock.Advance(TimeSpan.FromDays(32));

        await Eventually.HoldsAsync(
            async () => (months = await partitions.ListAsync()).Contains(current.AddMonths(3)),
            Timeout,
            () => $"partitions a month later: {string.Join(", ", months.Select(LoginLogPartitions.NameOf))}");
    }
}
