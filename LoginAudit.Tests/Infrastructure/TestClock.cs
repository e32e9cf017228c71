namespace LoginAudit.Tests.Infrastructure;

/// <summary>The system clock, moved forward on demand, so that expiry can be tested without waiting.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}
