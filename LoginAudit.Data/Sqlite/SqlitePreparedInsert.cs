using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LoginAudit.Data.Sqlite;

/// <summary>
/// One <c>INSERT</c> of a <c>login_logs</c> row prepared once on a connection and run through SQLite's own API, its values
/// bound by position as Microsoft.Data.Sqlite binds them.
/// </summary>
/// <remarks>
/// For the two inserts run once a row, the audit writer's and the demo seeder's: Microsoft.Data.Sqlite looks every
/// parameter up by name (<c>sqlite3_bind_parameter_index</c>) and dispatches on its type at every execution, which with
/// the row's 30 columns was about a fifth of the single writer's time a write (docs/decisions/0006-audit-write-path.md,
/// amendment of 2026-12-04). Errors are Microsoft.Data.Sqlite's <see cref="SqliteException"/>, with SQLite's message, as
/// from a command. The statement runs in whatever transaction the connection has open, and must be disposed before the
/// connection.
/// </remarks>
internal sealed class SqlitePreparedInsert : IDisposable
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;

    public SqlitePreparedInsert(SqliteConnection connection, string sql)
    {
        database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v3(database, sql, raw.SQLITE_PREPARE_PERSISTENT, out statement), database);
    }

    /// <summary>
    /// Binds <paramref name="values"/> in order (the statement's parameters in the order they appear) and returns the row's
    /// id: the statement's first value if it returns one (<c>RETURNING id</c>), else the connection's last inserted row id.
    /// </summary>
    public long Insert(DbParameterCollection values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            SqliteException.ThrowExceptionForRC(Bind(i + 1, values[i].Value), database);
        }

        try
        {
            var result = raw.sqlite3_step(statement);
            long? returned = result == raw.SQLITE_ROW ? raw.sqlite3_column_int64(statement, 0) : null;
            while (result == raw.SQLITE_ROW)
            {
                result = raw.sqlite3_step(statement);
            }

            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, database);
            }

            return returned ?? raw.sqlite3_last_insert_rowid(database);
        }
        finally
        {
            // Its result code repeats the step's error, already thrown.
            raw.sqlite3_reset(statement);
        }
    }

    public void Dispose() => statement.Dispose();

    private int Bind(int position, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, position),
        string text => raw.sqlite3_bind_text(statement, position, text),
        bool flag => raw.sqlite3_bind_int(statement, position, flag ? 1 : 0),
        int number => raw.sqlite3_bind_int64(statement, position, number),
        long number => raw.sqlite3_bind_int64(statement, position, number),
        double real => raw.sqlite3_bind_double(statement, position, real),
        DateTime time => raw.sqlite3_bind_text(statement, position, UtcDateTime.SqliteText(time)),
        _ => throw new NotSupportedException($"A {value.GetType().Name} value is not bound by {nameof(SqlitePreparedInsert)}."),
    };
}
