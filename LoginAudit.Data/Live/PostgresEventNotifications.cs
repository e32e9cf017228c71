using System.Globalization;
using System.Runtime.CompilerServices;
using LoginAudit.Data.Auditing;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LoginAudit.Data.Live;

/// <summary>
/// PostgreSQL's way to hear of other instances' rows: the writer sends, inside each group's transaction, one
/// <c>NOTIFY</c> carrying the ids it inserted (<see cref="NotifyAsync"/>); every instance <c>LISTEN</c>s on a connection
/// of its own and reads the rows it is told of by primary key.
/// </summary>
/// <remarks>
/// <para>
/// A notification is delivered only if, and when, its transaction commits, in commit order, so no row is missed for
/// being committed after a row with a higher id (which a cursor on the id would do). A <c>NOTIFY</c> makes commits of
/// notifying transactions take one lock in turn: measured in docs/benchmarks/notify-cost.md, one per group commit (not
/// per row) keeps that off the write path.
/// </para>
/// <para>
/// Notifications sent while the listening connection is down (a server restart, a cut network) are lost, so each
/// (re)connection catches up: it listens again, then takes the settled id (<see cref="SqlDialect.SettledIdAsync"/>:
/// every row up to it is committed) and reads the rows between the previous settled id and this one that it was not
/// told of. "Since the last id seen" would not do: ids are handed out at insert, so a row with a smaller id than the
/// last one told may commit while the connection is down. Rows up to the settled id are thereafter told only by such
/// a catch-up, rows above it only by their notification, so each row is told once. The same catch-up runs while
/// connected once <see cref="CatchUpAfter"/> rows were told, to keep the memory of told ids small.
/// </para>
/// </remarks>
public sealed partial class PostgresEventNotifications(
    string connectionString, ILogger<PostgresEventNotifications> logger, TimeProvider? clock = null, string channel = PostgresEventNotifications.DefaultChannel)
    : IOtherInstancesEvents
{
    public const string DefaultChannel = "loginaudit_events";

    /// <summary>Ids per notification: a payload must stay under 8,000 bytes, and an id takes at most 20 with its comma.</summary>
    public const int IdsPerNotification = 390;

    /// <summary>Rows told between two catch-ups while connected (the ids told since the last one are kept, to tell each once).</summary>
    public const int CatchUpAfter = 50_000;

    private const int RowsPerRead = 1_000;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(30);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    private readonly string listenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        KeepAlive = 15,
        ApplicationName = "LoginAudit live feed",
    }.ConnectionString;

    /// <summary>Announces <paramref name="ids"/> (rows inserted in <paramref name="transaction"/>) to every listening instance, on commit.</summary>
    public static async Task NotifyAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<long> ids, CancellationToken cancellationToken, string channel = DefaultChannel)
    {
        foreach (var chunk in ids.Chunk(IdsPerNotification))
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection, transaction);
            notify.Parameters.AddWithValue(channel);
            notify.Parameters.AddWithValue(string.Join(',', chunk));
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The rows committed from the first connection on, each once. Every (re)connection yields a batch once it listens
    /// (the rows caught up, possibly none): from then on nothing committed is missed. Never throws but for cancellation.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<LoginEventNotice>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new Progress();
        await using var readers = NpgsqlDataSource.Create(connectionString);
        var failures = 0;
        while (true)
        {
            if (failures > 0)
            {
                await Task.Delay(RetryDelay(failures), clock, cancellationToken);
            }

            var announced = new List<long>();
            await using var listener = await TryListenAsync(announced, cancellationToken);
            var caughtUp = listener is null ? null : await TryCatchUpAsync(readers, state, cancellationToken);
            if (caughtUp is null)
            {
                failures++;
                continue;
            }

            if (failures > 0)
            {
                LogListeningAgain(caughtUp.Count);
            }

            failures = 0;
            yield return caughtUp;
            while (await TryWaitAsync(listener!, cancellationToken))
            {
                if (announced.Count == 0)
                {
                    continue;
                }

                var news = await TryFetchNewsAsync(readers, state, [.. announced], cancellationToken);
                announced.Clear();
                if (news is null)
                {
                    break;
                }

                if (news.Count > 0)
                {
                    yield return news;
                }

                if (state.Told.Count >= CatchUpAfter)
                {
                    var more = await TryCatchUpAsync(readers, state, cancellationToken);
                    if (more is null)
                    {
                        break;
                    }

                    if (more.Count > 0)
                    {
                        yield return more;
                    }
                }
            }

            failures = 1;
        }
    }

    /// <summary>The ids of one payload; anything else on the channel (a hand-sent NOTIFY) is ignored.</summary>
    internal static IEnumerable<long> Parse(string payload) =>
        payload.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .OfType<long>();

    private static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(LongestRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(failures - 1, 16)));

    /// <returns>The listening connection, or null when the server could not be reached (logged).</returns>
    private async Task<NpgsqlConnection?> TryListenAsync(List<long> announced, CancellationToken cancellationToken)
    {
        var listener = new NpgsqlConnection(listenerConnectionString);
        try
        {
            await listener.OpenAsync(cancellationToken);
            listener.Notification += (_, notification) => announced.AddRange(Parse(notification.Payload));
            await using var listen = new NpgsqlCommand($"LISTEN {QuotedChannel()}", listener);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return listener;
        }
        catch (Exception exception) when (IsConnectionFailure(exception, cancellationToken))
        {
            LogListenFailed(exception);
            await listener.DisposeAsync();
            return null;
        }
    }

    /// <returns>Whether notifications arrived (raised on this thread before it returns); false when the connection broke.</returns>
    private async Task<bool> TryWaitAsync(NpgsqlConnection listener, CancellationToken cancellationToken)
    {
        try
        {
            await listener.WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (IsConnectionFailure(exception, cancellationToken))
        {
            LogListenFailed(exception);
            return false;
        }
    }

    /// <summary>
    /// The rows up to the settled id that were not told yet (none on the first call, which only takes the settled id: the
    /// feed starts there); null when the server could not be read (logged).
    /// </summary>
    private async Task<IReadOnlyList<LoginEventNotice>?> TryCatchUpAsync(NpgsqlDataSource readers, Progress state, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await readers.OpenConnectionAsync(cancellationToken);
            var settled = await SqlDialect.PostgreSql.SettledIdAsync(connection, cancellationToken);
            IReadOnlyList<LoginEventNotice> missed = [];
            if (state.Settled is { } previous && settled > previous)
            {
                var untold = (await IdsBetweenAsync(connection, previous, settled, cancellationToken)).Where(id => !state.Told.Contains(id)).ToArray();
                missed = await FetchAsync(connection, untold, cancellationToken);
            }

            state.Settled = Math.Max(settled, state.Settled ?? 0);
            state.Told.RemoveWhere(id => id <= state.Settled);
            return missed;
        }
        catch (Exception exception) when (IsConnectionFailure(exception, cancellationToken))
        {
            LogListenFailed(exception);
            return null;
        }
    }

    /// <summary>The announced rows above the settled id (those below it a catch-up told), or null when they could not be read.</summary>
    private async Task<IReadOnlyList<LoginEventNotice>?> TryFetchNewsAsync(NpgsqlDataSource readers, Progress state, long[] announced, CancellationToken cancellationToken)
    {
        var untold = announced.Where(id => id > state.Settled && !state.Told.Contains(id)).ToArray();
        if (untold.Length == 0)
        {
            return [];
        }

        try
        {
            await using var connection = await readers.OpenConnectionAsync(cancellationToken);
            var news = await FetchAsync(connection, untold, cancellationToken);
            state.Told.UnionWith(untold);
            return news;
        }
        catch (Exception exception) when (IsConnectionFailure(exception, cancellationToken))
        {
            // Not marked told: the catch-up after reconnecting reads them.
            LogListenFailed(exception);
            return null;
        }
    }

    private static async Task<List<long>> IdsBetweenAsync(NpgsqlConnection connection, long after, long upTo, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("SELECT id FROM login_logs WHERE id > $1 AND id <= $2", connection);
        select.Parameters.AddWithValue(after);
        select.Parameters.AddWithValue(upTo);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static async Task<IReadOnlyList<LoginEventNotice>> FetchAsync(NpgsqlConnection connection, long[] ids, CancellationToken cancellationToken)
    {
        var notices = new List<LoginEventNotice>(ids.Length);
        foreach (var chunk in ids.Chunk(RowsPerRead))
        {
            await using var fetch = new NpgsqlCommand(
                "SELECT id, event_type, succeeded, suspicious, user_id::text, created_at FROM login_logs WHERE id = ANY($1) ORDER BY id", connection);
            fetch.Parameters.Add(new NpgsqlParameter { Value = chunk, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await using var reader = await fetch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                notices.Add(new LoginEventNotice(
                    reader.GetInt64(0),
                    Enum.Parse<LoginEventType>(reader.GetString(1)),
                    reader.GetBoolean(2),
                    reader.GetBoolean(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc),
                    WrittenHere: false));
            }
        }

        return notices;
    }

    private static bool IsConnectionFailure(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException;

    private string QuotedChannel() =>
        channel.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? channel
            : throw new ArgumentException($"The notification channel '{channel}' may hold only letters, digits and underscores.", nameof(channel));

    [LoggerMessage(EventId = 4127, Level = LogLevel.Warning, Message = "Listening for other instances' new login events failed; connecting again with a backoff.")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(EventId = 4128, Level = LogLevel.Information, Message = "Listening for other instances' new login events again; {Count} rows committed meanwhile were caught up.")]
    private partial void LogListeningAgain(int count);

    /// <summary>How far the feed got: rows up to <see cref="Settled"/> were told by a catch-up, the ids above it that were told are in <see cref="Told"/>.</summary>
    private sealed class Progress
    {
        public long? Settled { get; set; }

        public HashSet<long> Told { get; } = [];
    }
}
