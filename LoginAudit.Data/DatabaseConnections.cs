using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoginAudit.Data;

/// <summary>Plain ADO.NET connections to the LoginAudit database, for work where EF Core's per-call cost shows.</summary>
public static class DatabaseConnections
{
    /// <summary>
    /// Opens a connection to the database the contexts use (their provider and connection string, SQLite's busy timeout
    /// included); <see cref="SqlDialect.For"/> gives the statements that differ between the providers.
    /// </summary>
    public static async Task<DbConnection> OpenConnectionAsync(this IDbContextFactory<LoginAuditDbContext> contexts, CancellationToken cancellationToken = default)
    {
        DbConnection connection;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var connectionString = db.Database.GetConnectionString()
                ?? throw new InvalidOperationException("The LoginAudit context has no connection string.");
            connection = db.Database.IsNpgsql() ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        }

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

    /// <summary>Adds a parameter (named with its <c>@</c>, the form both providers read) and returns it.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
