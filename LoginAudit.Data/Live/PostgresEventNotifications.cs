using System.Globalization;
using System.Runtime.CompilerServices;
using LoginAudit.Data.Auditing;
using Npgsql;
using NpgsqlTypes;

namespace LoginAudit.Data.Live;

/// <summary>
/// PostgreSQL's way to hear of other instances' rows: the writer sends, inside each group's transaction, one
/// <c>NOTIFY</c> carrying the ids it inserted (<see cref="NotifyAsync"/>); every instance <c>LISTEN</c>s on a connection
/// of its own and reads the rows it is told of by primary key.
/// </summary>
/// <remarks>
/// A notification is delivered only if, and when, its transaction commits, in commit order, so no row is missed for
/// being committed after a row with a higher id (which a cursor on the id would do), and none arrives twice. A
/// <c>NOTIFY</c> makes commits of notifying transactions take one lock in turn: measured in docs/benchmarks/notify-cost.md,
/// one per group commit (not per row) keeps that off the write path. A notification that arrives while this instance
/// is disconnected is lost to it: its open pages miss those events, and see them on their next reload.
/// </remarks>
public sealed class PostgresEventNotifications(string connectionString, string channel = PostgresEventNotifications.DefaultChannel) : IOtherInstancesEvents
{
    public const string DefaultChannel = "loginaudit_events";

    /// <summary>Ids per notification: a payload must stay under 8,000 bytes, and an id takes at most 20 with its comma.</summary>
    public const int IdsPerNotification = 390;

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

    public async IAsyncEnumerable<IReadOnlyList<LoginEventNotice>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var listener = new NpgsqlConnection(listenerConnectionString);
        await listener.OpenAsync(cancellationToken);
        var announced = new List<long>();
        listener.Notification += (_, notification) => announced.AddRange(Parse(notification.Payload));
        await using (var listen = new NpgsqlCommand($"LISTEN {QuotedChannel()}", listener))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var readers = NpgsqlDataSource.Create(connectionString);
        while (true)
        {
            // Raises Notification on this thread for each that arrived, then returns.
            await listener.WaitAsync(cancellationToken);
            if (announced.Count == 0)
            {
                continue;
            }

            var ids = announced.ToArray();
            announced.Clear();
            yield return await FetchAsync(readers, ids, cancellationToken);
        }
    }

    private static async Task<IReadOnlyList<LoginEventNotice>> FetchAsync(NpgsqlDataSource readers, long[] ids, CancellationToken cancellationToken)
    {
        await using var fetch = readers.CreateCommand(
            "SELECT id, event_type, succeeded, suspicious, user_id::text, created_at FROM login_logs WHERE id = ANY($1) ORDER BY id");
        fetch.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await using var reader = await fetch.ExecuteReaderAsync(cancellationToken);
        var notices = new List<LoginEventNotice>(ids.Length);
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

        return notices;
    }

    /// <summary>The ids of one payload; anything else on the channel (a hand-sent NOTIFY) is ignored.</summary>
    internal static IEnumerable<long> Parse(string payload) =>
        payload.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .OfType<long>();

    private string QuotedChannel() =>
        channel.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? channel
            : throw new ArgumentException($"The notification channel '{channel}' may hold only letters, digits and underscores.", nameof(channel));
}
