using System.Collections.Immutable;
using LoginAudit.Data.Auditing;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Live;

/// <summary>What an open dashboard needs to know about a newly written event.</summary>
/// <param name="WrittenHere">Written by this instance (told at once), not by another one on the same database (told by
/// <see cref="OtherInstancesRelay"/>): work that must happen once per event, such as an alert, takes only these.</param>
public sealed record LoginEventNotice(long Id, LoginEventType EventType, bool Succeeded, bool Suspicious, string? UserId, DateTime CreatedAt, bool WrittenHere = true);

/// <summary>
/// Tells open dashboards (each Blazor circuit) about new audit rows as they are written, so that no circuit has to
/// poll the database: this instance's rows at once, other instances' rows through <see cref="OtherInstancesRelay"/>.
/// Each row is told once per instance.
/// </summary>
public sealed partial class LoginEventFeed(ILogger<LoginEventFeed> logger)
{
    private readonly Dictionary<long, int> writtenHere = [];
    private ImmutableList<Func<LoginEventNotice, Task>> subscribers = [];

    /// <summary>Subscribes until the returned handle is disposed (a component's Dispose).</summary>
    public IDisposable Subscribe(Func<LoginEventNotice, Task> onEvent)
    {
        ImmutableInterlocked.Update(ref subscribers, list => list.Add(onEvent));
        return new Subscription(() => ImmutableInterlocked.Update(ref subscribers, list => list.Remove(onEvent)));
    }

    public int SubscriberCount => subscribers.Count;

    /// <summary>
    /// Marks a row this instance is writing, before its transaction commits, so that the relay (which sees it only once
    /// committed) leaves it to <see cref="Publish"/>. Counted, since an id given back by a rolled-back write is used again.
    /// </summary>
    internal void Writing(long id)
    {
        lock (writtenHere)
        {
            writtenHere[id] = writtenHere.GetValueOrDefault(id) + 1;
        }
    }

    /// <summary>The write marked by <see cref="Writing"/> failed: its id was never committed here.</summary>
    internal void WriteFailed(long id)
    {
        lock (writtenHere)
        {
            TakeWrittenHere(id);
        }
    }

    /// <summary>Never blocks or fails the writer: each subscriber runs on its own, and its failure is only logged.</summary>
    internal void Publish(LoginLog row) =>
        Notify(new LoginEventNotice(row.Id, row.EventType, row.Succeeded, row.Suspicious, row.UserId, row.CreatedAt));

    /// <summary>A committed row the relay read; told unless this instance wrote it (and told it itself).</summary>
    internal void PublishFromDatabase(LoginEventNotice notice)
    {
        lock (writtenHere)
        {
            if (TakeWrittenHere(notice.Id))
            {
                return;
            }
        }

        Notify(notice with { WrittenHere = false });
    }

    private bool TakeWrittenHere(long id)
    {
        if (!writtenHere.TryGetValue(id, out var count))
        {
            return false;
        }

        if (count == 1)
        {
            writtenHere.Remove(id);
        }
        else
        {
            writtenHere[id] = count - 1;
        }

        return true;
    }

    private void Notify(LoginEventNotice notice)
    {
        foreach (var subscriber in subscribers)
        {
            _ = NotifyAsync(subscriber, notice);
        }
    }

    private async Task NotifyAsync(Func<LoginEventNotice, Task> subscriber, LoginEventNotice notice)
    {
        try
        {
            await Task.Yield();
            await subscriber(notice);
        }
        catch (Exception exception)
        {
            LogSubscriberFailed(exception, notice.Id);
        }
    }

    [LoggerMessage(EventId = 4125, Level = LogLevel.Warning, Message = "A live dashboard could not be told about event {LoginLogId}.")]
    private partial void LogSubscriberFailed(Exception exception, long loginLogId);

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
