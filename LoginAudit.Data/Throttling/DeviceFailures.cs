using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Throttling;

/// <summary>One failed sign-in of a browser that holds a device cookie (<see cref="DeviceCookies"/>).</summary>
public sealed class DeviceFailure
{
    public long Id { get; set; }

    public required string DeviceId { get; set; }

    public DateTime FailedAt { get; set; }
}

/// <summary>
/// Failures of each device within the throttling window, in <c>device_failures</c>: in the database, so that every
/// instance counts the same failures whichever of them a browser's attempts reach. A device id cannot be forged, so
/// only browsers that once signed in have rows, and rows older than the window are deleted as new ones come.
/// </summary>
public sealed class DeviceFailures(IDbContextFactory<LoginAuditDbContext> contexts, IOptions<LoginAuditOptions> options)
{
    public async Task AddAsync(string deviceId, DateTime at)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var forgotten = at - options.Value.Throttling.Window;
        await db.DeviceFailures.Where(failure => failure.FailedAt < forgotten).ExecuteDeleteAsync();
        db.DeviceFailures.Add(new DeviceFailure { DeviceId = deviceId, FailedAt = at });
        await db.SaveChangesAsync();
    }

    /// <summary>How many failures since <paramref name="since"/>, and the oldest of them.</summary>
    public async Task<(int Count, DateTime? Oldest)> SinceAsync(string deviceId, DateTime since, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counted = await db.DeviceFailures
            .Where(failure => failure.DeviceId == deviceId && failure.FailedAt >= since)
            .GroupBy(_ => 1)
            .Select(group => new Counted(group.Count(), group.Min(failure => failure.FailedAt)))
            .SingleOrDefaultAsync(cancellationToken);
        return counted is null ? (0, null) : (counted.Count, counted.Oldest);
    }
}
