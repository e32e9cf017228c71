namespace LoginAudit.Data.Alerts;

/// <summary>
/// At most N alerts per user in any hour (a sliding window), so that an attack does not flood a mailbox.
/// In memory: a restart forgets the window, which at worst sends a few alerts more.
/// </summary>
public sealed class AlertRateLimiter(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> sent = new(StringComparer.Ordinal);

    public bool TryAcquire(string userId, int maxPerHour)
    {
        var now = clock.GetUtcNow();
        lock (sent)
        {
            if (!sent.TryGetValue(userId, out var times))
            {
                sent[userId] = times = new Queue<DateTimeOffset>();
            }

            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }

            if (times.Count >= maxPerHour)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }
}
