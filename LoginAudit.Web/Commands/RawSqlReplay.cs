using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LoginAudit.Web.Commands;

/// <summary>
/// For <c>bench</c>: records the SQL commands EF Core sends for one call of a query, so the very same commands can be
/// timed again as plain ADO.NET on one open connection. The difference is what EF Core (and opening a context) costs.
/// </summary>
internal sealed class RawSqlReplay : DbCommandInterceptor
{
    private List<RecordedCommand>? recording;

    /// <summary>The commands EF sent while <paramref name="query"/> ran once.</summary>
    public async Task<IReadOnlyList<RecordedCommand>> RecordAsync(Func<Task> query)
    {
        recording = [];
        try
        {
            await query();
            return recording;
        }
        finally
        {
            recording = null;
        }
    }

    /// <summary>Runs the recorded commands one after the other, reading every value of every row.</summary>
    public static async Task ReplayAsync(SqliteConnection connection, IReadOnlyList<RecordedCommand> commands, CancellationToken ct)
    {
        foreach (var recorded in commands)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = recorded.Sql;
            foreach (var (name, value) in recorded.Parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            do
            {
                while (await reader.ReadAsync(ct))
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        reader.GetValue(i);
                    }
                }
            }
            while (await reader.NextResultAsync(ct));
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        Debug.Assert(command is SqliteCommand, "The bench database is SQLite.");
        recording?.Add(new RecordedCommand(
            command.CommandText,
            [.. command.Parameters.Cast<DbParameter>().Select(parameter => (parameter.ParameterName, parameter.Value == DBNull.Value ? null : parameter.Value))]));
    }
}

internal sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);
