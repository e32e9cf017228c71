using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Sqlite;

/// <summary>Plain ADO.NET connections to the LoginAudit database, for work where EF Core's per-call cost shows.</summary>
public static class SqliteConnections
{
    /// <summary>Opens a connection to the database the contexts use (their connection string, busy timeout included).</summary>
    public static async Task<SqliteConnection> OpenSqliteConnectionAsync(this IDbContextFactory<LoginAuditDbContext> contexts, CancellationToken cancellationToken = default)
    {
        string connectionString;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            connectionString = db.Database.GetConnectionString()
                ?? throw new InvalidOperationException("The LoginAudit context has no connection string.");
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
