using LoginAudit.Data;
using LoginAudit.Data.Partitioning;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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
    public async Task Start_EveryPartitionTheAppOwns_IsVacuumedAfterAFixedNumberOfNewRows()
    {
        var partitions = App.Services.GetRequiredService<LoginLogPartitions>();
        var current = LoginLogPartitions.MonthOf(App.Clock.GetUtcNow().UtcDateTime);
        await Eventually.HoldsAsync(async () => (await partitions.ListAsync()).Contains(current.AddMonths(2)), Timeout, () => "the partitions at start");

        // A partition of an earlier version, without the settings: the next pass gives them.
        var earlier = "ALTER TABLE " + LoginLogPartitions.NameOf(current) + " RESET (autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor)";
        await App.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync(earlier));

        await partitions.CreateAheadAsync(2);

        var settings = await App.WithDatabaseAsync(db => db.Database.SqlQueryRaw<PartitionSettings>("""
            SELECT c.relname AS "Name", coalesce(array_to_string(c.reloptions, ','), '') AS "Options"
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'login_logs'::regclass
            """).ToListAsync());
        Assert.Contains(settings, partition => partition.Name == LoginLogPartitions.DefaultPartition);
        Assert.All(settings, partition =>
        {
            Assert.Contains($"autovacuum_vacuum_insert_threshold={LoginLogPartitions.RowsBetweenVacuums}", partition.Options, StringComparison.Ordinal);
            Assert.Contains("autovacuum_vacuum_insert_scale_factor=0", partition.Options, StringComparison.Ordinal);
        });
    }

    private sealed record PartitionSettings(string Name, string Options);

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
