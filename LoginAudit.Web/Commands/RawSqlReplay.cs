using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace LoginAudit.Web.Commands;

/// <summary>
/// For <c>bench</c>: records the SQL commands EF Core sends for one call of a query, so the very same commands can be
/// timed again as plain ADO.NET on one open connection. The difference is what EF Core (and opening a context) costs.
/// </summary>
internal sealed class RawSqlReplay : DbCommandInterceptor
{
    private readonly Lock recordingLock = new();
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

    /// <summary>
    /// Runs the recorded commands one after the other, reading every value of every row. A reader that set something for its
    /// transaction (<c>SET LOCAL plan_cache_mode</c>: PostgreSQL's snapshot readers) is replayed in one transaction, rolled
    /// back, so that the setting holds for the statements after it as it did in the reader's snapshot; without it Npgsql's
    /// prepared statements were planned once for any value and the replays of the roll-up readers took 300 ms and more.
    /// </summary>
    public static async Task ReplayAsync(DbConnection connection, IReadOnlyList<RecordedCommand> commands, CancellationToken ct)
    {
        await using var transaction = commands.Any(recorded => recorded.IsSetting) ? await connection.BeginTransactionAsync(ct) : null;
        foreach (var recorded in commands)
        {
            await using var command = recorded.CreateCommand(connection, recorded.Sql);
            command.Transaction = transaction;
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

        if (transaction is not null)
        {
            await transaction.RollbackAsync(ct);
        }
    }

    /// <summary>
    /// The plan of each recorded command, one line per plan step: SQLite's <c>EXPLAIN QUERY PLAN</c> indented by depth as
    /// the sqlite3 shell prints it (the plans of the SQLite the app ships, not of whatever shell is installed), or
    /// PostgreSQL's <c>EXPLAIN</c> text.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(DbConnection connection, IReadOnlyList<RecordedCommand> commands, CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var recorded in commands.Where(recorded => !recorded.IsSetting))
        {
            if (connection is NpgsqlConnection)
            {
                await using var explain = recorded.CreateCommand(connection, "EXPLAIN " + recorded.Sql);
                await using var plan = await explain.ExecuteReaderAsync(ct);
                while (await plan.ReadAsync(ct))
                {
                    lines.Add(plan.GetString(0));
                }

                continue;
            }

            await using var command = recorded.CreateCommand(connection, "EXPLAIN QUERY PLAN " + recorded.Sql);
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

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
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

    /// <summary>Under a lock: a query may send commands from two contexts at once (the history grid's page and count).</summary>
    private void Record(DbCommand command)
    {
        var recorded = new RecordedCommand(command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(RecordedCommand.Copy)]);
        lock (recordingLock)
        {
            recording?.Add(recorded);
        }
    }
}

internal sealed record RecordedCommand(string Sql, IReadOnlyList<DbParameter> Parameters)
{
    /// <summary>A reader's setting for its transaction (<c>SET LOCAL …</c>): replayed, but it has no plan.</summary>
    public bool IsSetting => Sql.StartsWith("SET ", StringComparison.OrdinalIgnoreCase);

    /// <summary>A command of <paramref name="sql"/> on <paramref name="connection"/> with copies of the recorded parameters.</summary>
    public DbCommand CreateCommand(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in Parameters)
        {
            command.Parameters.Add(Copy(parameter));
        }

        return command;
    }

    /// <summary>Npgsql's parameters keep their PostgreSQL type (EF sets some, e.g. for arrays) in the copy.</summary>
    public static DbParameter Copy(DbParameter parameter) => parameter switch
    {
        NpgsqlParameter npgsql => npgsql.Clone(),
        _ => new SqliteParameter(parameter.ParameterName, parameter.Value),
    };
}
