using System.Collections.Immutable;
using LoginAudit.Data.Auditing;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Live;

/// <summary>What an open dashboard needs to know about a newly written event.</summary>
public sealed record LoginEventNotice(long Id, LoginEventType EventType, bool Succeeded, bool Suspicious, string? UserId, DateTime CreatedAt);

/// <summary>
/// Tells open dashboards (each Blazor circuit) about new audit rows as they are written, so that no
/// circuit has to poll the database. In-process: one app instance sees its own writes.
/// </summary>
public sealed partial class LoginEventFeed(ILogger<LoginEventFeed> logger)
{
    private ImmutableList<Func<LoginEventNotice, Task>> subscribers = [];

    /// <summary>Subscribes until the returned handle is disposed (a component's Dispose).</summary>
    public IDisposable Subscribe(Func<LoginEventNotice, Task> onEvent)
    {
        ImmutableInterlocked.Update(ref subscribers, list => list.Add(onEvent));
        return new Subscription(() => ImmutableInterlocked.Update(ref subscribers, list => list.Remove(onEvent)));
    }

    public int SubscriberCount => subscribers.Count;

    /// <summary>Never blocks or fails the writer: each subscriber runs on its own, and its failure is only logged.</summary>
    internal void Publish(LoginLog row)
    {
        var notice = new LoginEventNotice(row.Id, row.EventType, row.Succeeded, row.Suspicious, row.UserId, row.CreatedAt);
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
