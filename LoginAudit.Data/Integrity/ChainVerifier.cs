using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace LoginAudit.Data.Integrity;

/// <summary>
/// Checks the <c>login_logs</c> hash chain: streams the table in id order beside its seals (<c>login_log_seals</c>)
/// inside one read transaction, so it sees a consistent snapshot while sign-ins and the sealer keep writing.
/// </summary>
/// <remarks>
/// Reading a row's columns out of the database and hashing it cost about the same, so one task reads while this one hashes
/// and walks the chain (batches of <see cref="BatchSize"/> rows in between, a few batches in memory at most):
/// 1M rows take about as long as reading them. On SQLite the reading steps the statement directly (see StepSqliteAsync).
/// </remarks>
public sealed class ChainVerifier(IDbContextFactory<LoginAuditDbContext> contexts)
{
    private const int BatchSize = 1_000;
    private static readonly string SelectAllSql = $"SELECT {ChainCanonicalForm.SelectList} FROM {ChainCanonicalForm.SealedRows()} ORDER BY id";

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await contexts.OpenConnectionAsync(cancellationToken);
        await using var transaction = await SqlDialect.For(connection).BeginSnapshotAsync(connection, cancellationToken);
        var anchor = await ChainMarks.ReadAsync(connection, transaction, ChainMark.Anchor, cancellationToken);
        var head = await ChainMarks.ReadAsync(connection, transaction, ChainMark.Head, cancellationToken);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = Channel.CreateBounded<List<object?[]>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadAsync(connection, transaction, batches.Writer, stop.Token), stop.Token);
        try
        {
            var walk = new Walk(anchor, head);
            var buffer = new ChainCanonicalForm.RecordBuffer();
            Row? current = null;
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var record in batch)
                {
                    var next = Check(record, buffer);
                    if (current is not null && walk.Step(current, next) is { } broken)
                    {
                        return broken;
                    }

                    current = next;
                }
            }

            if (current is not null && walk.Step(current, null) is { } last)
            {
                return last;
            }

            return walk.Finish();
        }
        finally
        {
            // A break found early stops the reading; the connection must be free before it is closed.
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Every row in id order, in batches of <see cref="BatchSize"/>; the channel completes with the reading's fault.</summary>
    private static async Task ReadAsync(DbConnection connection, DbTransaction transaction, ChannelWriter<List<object?[]>> batches, CancellationToken cancellationToken)
    {
        try
        {
            var batcher = new Batcher(batches);
            if (connection is SqliteConnection sqlite)
            {
                await StepSqliteAsync(sqlite, batcher, cancellationToken);
            }
            else
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = SelectAllSql;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var utf8Text = ChainCanonicalForm.Utf8TextColumns(reader);
                while (await reader.ReadAsync(cancellationToken))
                {
                    await batcher.AddAsync(ChainCanonicalForm.ReadRecord(reader, utf8Text), cancellationToken);
                }
            }

            await batcher.FlushAsync(cancellationToken);
            batches.Complete();
        }
        catch (Exception exception)
        {
            batches.Complete(exception);
            throw;
        }
    }

    private static async Task StepSqliteAsync(SqliteConnection connection, Batcher batcher, CancellationToken cancellationToken)
    {
        // The statement runs on the connection's own handle, so inside the read transaction the marks were read
        // in. Through SqliteDataReader each of the 29 values of a row cost several native calls and checks, which
        // made reading the bottleneck (about 190,000 rows/s); this loop makes two to four cheaper ones (see NativeColumns).
        var handle = connection.Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, SelectAllSql, out var statement), handle);
        using (statement)
        {
            var native = raw.GetNativeLibraryName() == NativeColumns.Library;
            int result;
            while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                var record = native ? ReadRecord(new NativeColumns(statement.DangerousGetHandle())) : ReadRecord(new PclColumns(statement));
                await batcher.AddAsync(record, cancellationToken);
            }

            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, handle);
            }
        }
    }

    /// <summary>Collects records into batches of <see cref="BatchSize"/> for the hashing side.</summary>
    private sealed class Batcher(ChannelWriter<List<object?[]>> batches)
    {
        private List<object?[]> batch = new(BatchSize);

        /// <summary>Not an async method: a row that does not fill the batch costs no state machine.</summary>
        public ValueTask AddAsync(object?[] record, CancellationToken cancellationToken)
        {
            batch.Add(record);
            if (batch.Count < BatchSize)
            {
                return ValueTask.CompletedTask;
            }

            var full = batch;
            batch = new List<object?[]>(BatchSize);
            return batches.WriteAsync(full, cancellationToken);
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            if (batch.Count > 0)
            {
                await batches.WriteAsync(batch, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The current row as <see cref="ChainCanonicalForm.ReadRecord"/> reads it, each value by its storage class, NULL as null;
    /// but TEXT in a column hashed as plain text stays the bytes stored, which hash alike without being decoded to a string
    /// here and encoded again there (see <see cref="ChainCanonicalForm.IsPlainText"/>).
    /// </summary>
    private static object?[] ReadRecord<TColumns>(TColumns columns)
        where TColumns : struct, IColumns
    {
        var record = new object?[ChainCanonicalForm.ChainHashOrdinal + 1];
        for (var ordinal = 0; ordinal < record.Length; ordinal++)
        {
            record[ordinal] = columns.Type(ordinal) switch
            {
                raw.SQLITE_NULL => null,
                raw.SQLITE_INTEGER => columns.Int64(ordinal),
                raw.SQLITE_FLOAT => columns.Double(ordinal),
                raw.SQLITE_TEXT when !PlainText[ordinal] => columns.Text(ordinal),
                _ => columns.Bytes(ordinal),
            };
        }

        return record;
    }

    private static readonly bool[] PlainText = [.. Enumerable.Range(0, ChainCanonicalForm.ChainHashOrdinal + 1).Select(ChainCanonicalForm.IsPlainText)];

    /// <summary>The columns of the current row of a statement, by ordinal, each <see cref="Type"/> first.</summary>
    private interface IColumns
    {
        int Type(int ordinal);

        long Int64(int ordinal);

        double Double(int ordinal);

        string Text(int ordinal);

        byte[] Bytes(int ordinal);
    }

    /// <summary>Through SQLitePCL, for a SQLite library other than its bundled e_sqlite3.</summary>
    private readonly struct PclColumns(sqlite3_stmt statement) : IColumns
    {
        public int Type(int ordinal) => raw.sqlite3_column_type(statement, ordinal);

        public long Int64(int ordinal) => raw.sqlite3_column_int64(statement, ordinal);

        public double Double(int ordinal) => raw.sqlite3_column_double(statement, ordinal);

        public string Text(int ordinal) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, ordinal));

        public byte[] Bytes(int ordinal) => raw.sqlite3_column_blob(statement, ordinal).ToArray();
    }

    /// <summary>
    /// The same accessors of the e_sqlite3 library that SQLitePCL runs on (the same name, found the same way), called
    /// directly. Through SQLitePCL each call marshals the statement's SafeHandle and makes a GC transition; at 60 to 80 calls
    /// a row, reading the columns of 1M rows took 3.6 s beside 1.0 s for stepping them. Each <c>sqlite3_column_*</c> call
    /// also takes the connection's mutex (a tenth of the verifier's CPU time then): a column is taken once, with
    /// <c>sqlite3_column_value</c>, and read with the <c>sqlite3_value_*</c> accessors, which lock nothing. That value is
    /// "unprotected": SQLite's documentation keeps such values to <c>sqlite3_bind_value</c> and <c>sqlite3_result_value</c>
    /// in a multithreaded program because another thread could use the connection meanwhile; none does here, the reading
    /// task is the connection's only user until the statement is done. These calls only read the current row, so they
    /// need no GC transition; the statement stays open (and its handle valid) while they run.
    /// </summary>
    private struct NativeColumns(IntPtr statement) : IColumns
    {
        public const string Library = "e_sqlite3";

        private IntPtr value;

        /// <summary>Takes the column at <paramref name="ordinal"/>; the other accessors read the column taken last.</summary>
        public int Type(int ordinal)
        {
            value = sqlite3_column_value(statement, ordinal);
            return sqlite3_value_type(value);
        }

        public readonly long Int64(int ordinal) => sqlite3_value_int64(value);

        public readonly double Double(int ordinal) => sqlite3_value_double(value);

        public readonly string Text(int ordinal) => Marshal.PtrToStringUTF8(sqlite3_value_blob(value), sqlite3_value_bytes(value));

        public readonly byte[] Bytes(int ordinal)
        {
            // The pointer first: for TEXT, sqlite3_value_bytes after sqlite3_value_blob is the documented order.
            var pointer = sqlite3_value_blob(value);
            var bytes = new byte[sqlite3_value_bytes(value)];
            if (bytes.Length > 0)
            {
                Marshal.Copy(pointer, bytes, 0, bytes.Length);
            }

            return bytes;
        }

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern IntPtr sqlite3_column_value(IntPtr statement, int ordinal);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern int sqlite3_value_type(IntPtr value);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern long sqlite3_value_int64(IntPtr value);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern double sqlite3_value_double(IntPtr value);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern IntPtr sqlite3_value_blob(IntPtr value);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern int sqlite3_value_bytes(IntPtr value);
    }

    private static Row Check(object?[] record, ChainCanonicalForm.RecordBuffer buffer)
    {
        var id = (long)record[0]!;
        var seq = record[ChainCanonicalForm.SeqOrdinal] as long?;
        var previous = record[ChainCanonicalForm.PreviousHashOrdinal] as byte[];
        var hash = record[ChainCanonicalForm.ChainHashOrdinal] as byte[];

        // Intact: the row hashes to its own seal, given the sequence number and previous hash it claims.
        var intact = false;
        if (seq is { } claimed && previous is { Length: ChainCanonicalForm.HashLength } && hash is { Length: ChainCanonicalForm.HashLength })
        {
            Span<byte> computed = stackalloc byte[ChainCanonicalForm.HashLength];
            ChainCanonicalForm.Hash(record, claimed, previous, buffer, computed);
            intact = computed.SequenceEqual(hash);
        }

        return new Row(id, seq, previous, hash, intact);
    }

    private sealed record Row(long Id, long? Seq, byte[]? Previous, byte[]? Hash, bool Intact);

    /// <summary>The expected next link of the chain, and the evidence needed to name a break precisely.</summary>
    private sealed class Walk(ChainMarks.Mark? anchor, ChainMarks.Mark? head)
    {
        private long expectedSeq = (anchor?.Seq ?? 0) + 1;
        private byte[] expectedPrevious = anchor?.Hash ?? ChainCanonicalForm.GenesisHash.ToArray();
        private byte[]? previousOfPrevious;
        private Row? previousRow;
        private long checkedRows;
        private long unsealedRows;
        private long? firstUnsealedId;

        public ChainVerification? Step(Row row, Row? next)
        {
            if (row.Hash is null)
            {
                if (head is not null && row.Id < head.RowId)
                {
                    return Broken(ChainBreakKind.InsertedRow, row.Id, $"Row {row.Id} is not sealed, but later rows are: it was inserted after sealing, or its seal was removed.");
                }

                unsealedRows++;
                firstUnsealedId ??= row.Id;
                return null;
            }

            if (firstUnsealedId is { } unsealedId)
            {
                return Broken(ChainBreakKind.InsertedRow, unsealedId, $"Row {unsealedId} is not sealed, but later rows are: it was inserted after sealing, or its seal was removed.");
            }

            if (row.Seq == expectedSeq)
            {
                if (!row.Intact)
                {
                    return Broken(ChainBreakKind.EditedRow, row.Id, $"Row {row.Id} was changed after it was sealed: its content no longer matches its hash.");
                }

                if (!row.Previous!.AsSpan().SequenceEqual(expectedPrevious))
                {
                    return previousRow is null
                        ? Broken(ChainBreakKind.EditedRow, row.Id, $"Row {row.Id} does not chain from the {(anchor is null ? "start of the chain" : "purge anchor")}: the anchor or the row was changed.")
                        : Broken(ChainBreakKind.EditedRow, previousRow.Id, $"Row {previousRow.Id} was rewritten and resealed: row {row.Id} was chained to a different hash.");
                }

                Accept(row);
                return null;
            }

            if (row.Seq > expectedSeq)
            {
                if (next?.Seq is { } nextSeq && nextSeq < row.Seq)
                {
                    return Broken(ChainBreakKind.ReorderedRows, row.Id, $"Row {row.Id} holds sealed position {row.Seq}, but a later row holds {nextSeq}: rows were reordered.");
                }

                return row.Intact
                    ? Broken(ChainBreakKind.DeletedRows, row.Id, string.Create(CultureInfo.InvariantCulture, $"{row.Seq - expectedSeq} sealed row(s) are missing before row {row.Id}{(previousRow is null ? "" : $" (after row {previousRow.Id})")}: deleted."))
                    : Broken(ChainBreakKind.EditedRow, row.Id, $"Row {row.Id} was changed after it was sealed: its content no longer matches its hash.");
            }

            // A sequence number already used: either this row or the one before it is an addition.
            if (row.Intact && previousRow is not null && previousRow.Seq == row.Seq && row.Previous!.AsSpan().SequenceEqual(previousOfPrevious))
            {
                return Broken(ChainBreakKind.InsertedRow, previousRow.Id, $"Row {previousRow.Id} was inserted: row {row.Id} is the one sealed at position {row.Seq}.");
            }

            return row.Seq is null
                ? Broken(ChainBreakKind.EditedRow, row.Id, $"Row {row.Id} has a hash but no sequence number: its seal was changed.")
                : Broken(ChainBreakKind.InsertedRow, row.Id, $"Row {row.Id} claims sealed position {row.Seq}, which an earlier row holds: it was inserted or duplicated.");
        }

        public ChainVerification Finish()
        {
            if (head is not null && (previousRow?.Seq ?? anchor?.Seq ?? 0) < head.Seq)
            {
                var present = previousRow?.Seq ?? anchor?.Seq ?? 0;
                return Broken(ChainBreakKind.DeletedRows, head.RowId, string.Create(CultureInfo.InvariantCulture, $"The newest {head.Seq - present} sealed row(s) are missing, up to row {head.RowId}: deleted."));
            }

            var description = unsealedRows == 0
                ? string.Create(CultureInfo.InvariantCulture, $"The chain holds: {checkedRows:N0} rows verified.")
                : string.Create(CultureInfo.InvariantCulture, $"The chain holds: {checkedRows:N0} rows verified; {unsealedRows:N0} newer row(s) from row {firstUnsealedId} on are not sealed yet.");
            return new ChainVerification(ChainBreakKind.None, checkedRows, null, description, unsealedRows, firstUnsealedId, HeadHash());
        }

        private void Accept(Row row)
        {
            previousOfPrevious = expectedPrevious;
            expectedPrevious = row.Hash!;
            expectedSeq++;
            previousRow = row;
            checkedRows++;
        }

        private ChainVerification Broken(ChainBreakKind kind, long id, string description) =>
            new(kind, checkedRows, id, description, unsealedRows, firstUnsealedId, HeadHash());

        private string HeadHash() => Convert.ToHexStringLower(expectedPrevious);
    }
}
