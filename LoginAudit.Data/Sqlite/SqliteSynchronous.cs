using System.Data.Common;
using LoginAudit.Data.History;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LoginAudit.Data.Sqlite;

/// <summary>When a commit is on disk: SQLite's <c>PRAGMA synchronous</c> for the database in WAL mode.</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// A commit is in the WAL file (the operating system's cache) when it returns, and on disk at the next checkpoint:
    /// it survives a killed or crashed process; a power loss or kernel crash may lose the last commits, never the file.
    /// </summary>
    Normal,

    /// <summary>Every commit waits for the WAL to reach the disk (fsync): survives a power loss too, at one fsync per commit.</summary>
    Full,
}

/// <summary>
/// Prepares every connection EF Core opens: sets <c>PRAGMA synchronous</c> (the setting belongs to the connection) and
/// registers the functions LoginAudit's queries call (<see cref="IpNetworks"/>).
/// </summary>
internal sealed class SqliteConnectionSetup(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private readonly string pragma = SqliteSynchronousPragma.For(synchronous);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        IpNetworks.Register((SqliteConnection)connection);
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        IpNetworks.Register((SqliteConnection)connection);
        await using var command = connection.CreateCommand();
        command.CommandText = pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

internal static class SqliteSynchronousPragma
{
    /// <summary>The statement that sets <paramref name="synchronous"/> on a connection.</summary>
    public static string For(SqliteSynchronous synchronous) => $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";
}
