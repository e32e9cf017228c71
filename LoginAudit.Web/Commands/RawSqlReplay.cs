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

    /// <summary>
    /// SQLite's <c>EXPLAIN QUERY PLAN</c> of each recorded command, one line per plan step indented by depth, as the
    /// sqlite3 shell prints it: the plans of the SQLite the app ships, not of whatever shell is installed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(SqliteConnection connection, IReadOnlyList<RecordedCommand> commands, CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var recorded in commands)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + recorded.Sql;
            foreach (var (name, value) in recorded.Parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            var depths = new Dictionary<long, int>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var depth = depths.TryGetValue(reader.GetInt64(1), out var parentDepth) ? parentDepth + 1 : 0;
                depths[reader.GetInt64(0)] = depth;
                lines.Add(new string(' ', 2 * depth) + reader.GetString(3));
            }
        }

        return lines;
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
