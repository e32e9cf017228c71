namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// A clock that moves only when the test moves it. Stands in for FakeTimeProvider
/// (Microsoft.Extensions.TimeProvider.Testing), which the package source does not have.
/// Only the clock and the local time zone are fake: timers and timestamps remain real.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>A fixed, unremarkable instant, so tests that never set the clock still agree.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private readonly object _gate = new();
    private DateTimeOffset _utcNow;
    private TimeZoneInfo _localTimeZone = TimeZoneInfo.Utc;

    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    public ManualTimeProvider(DateTimeOffset start) => _utcNow = start.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone
    {
        get { lock (_gate) return _localTimeZone; }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _utcNow;
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate) _utcNow = value.ToUniversalTime();
    }

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate) _utcNow += delta;
    }

    public void SetLocalTimeZone(TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        lock (_gate) _localTimeZone = timeZone;
    }
}
