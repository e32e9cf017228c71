using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace LoginAudit.Data.Coordination;

/// <summary>
/// PostgreSQL's locks: a session-level advisory lock (<c>pg_try_advisory_lock</c>) on a connection of its own, held as
/// long as that connection lives. The server releases it when the session ends: the holder exits, crashes, or its
/// connection is cut (TCP keepalive finds a dead peer).
/// </summary>
/// <remarks>
/// The connection is opened without pooling: a pooled connection returned to the pool would keep its session, and
/// the lock with it, or lose it to the pool's reset, neither of which the holder would know.
/// </remarks>
public sealed class PostgresAdvisoryLocks(string connectionString) : IExclusiveLocks
{
    private readonly string connectionString = new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        KeepAlive = 15,
        ApplicationName = "LoginAudit lock",
    }.ConnectionString;

    /// <summary>The advisory lock key for <paramref name="name"/>: the first eight bytes of its SHA-256, the same in every instance.</summary>
    public static long KeyOf(string name) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"LoginAudit:{name}")), 0);

    public async Task<IExclusiveLock?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            command.Parameters.AddWithValue(KeyOf(name));
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new AdvisoryLock(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class AdvisoryLock(NpgsqlConnection connection) : IExclusiveLock
    {
        public async Task<bool> StillHeldAsync(CancellationToken cancellationToken)
        {
            try
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(cancellationToken);
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                // The session is gone, and the server released the lock with it.
                return false;
            }
        }

        // Closing the unpooled connection ends the session, which releases the lock.
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
