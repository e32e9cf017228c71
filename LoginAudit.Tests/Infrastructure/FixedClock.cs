namespace LoginAudit.Tests.Infrastructure;

/// <summary>A <see cref="TimeProvider"/> whose "now" is what the test says.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
