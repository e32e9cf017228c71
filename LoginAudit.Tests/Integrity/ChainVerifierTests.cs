using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Integrity;

public class ChainVerifierTests : OperationsTest
{
    public ChainVerifierTests()
    {
    }

    protected ChainVerifierTests(DatabaseProvider provider)
        : base(provider)
    {
    }

    private ChainSealer sealer = null!;
    private ChainVerifier verifier = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        sealer = new ChainSealer(Database, TimeProvider.System);
        verifier = new ChainVerifier(Database);
    }

    [DatabaseFact]
    public async Task Verify_EmptyTable_Holds()
    {
        var result = await verifier.VerifyAsync();

        Assert.True(result.Intact, result.Description);
        Assert.Equal(0, result.RowsChecked);
    }

    [DatabaseFact]
    public async Task Verify_CleanSealedChain_HoldsAndChecksEveryRow()
    {
        await AddRowsAsync(10);

        Assert.Equal(10, await sealer.SealAsync());
        var result = await verifier.VerifyAsync();

        Assert.True(result.Intact, result.Description);
        Assert.Equal(10, result.RowsChecked);
        Assert.Equal(0, result.UnsealedRows);
        Assert.Equal(64, result.HeadHash!.Length);
    }

    [DatabaseFact]
    public async Task Seal_InSeveralPasses_ChainsAcrossPassesAndSealsEachRowOnce()
    {
        await AddRowsAsync(3);
        await sealer.SealAsync();
        await AddRowsAsync(4);

        Assert.Equal(4, await sealer.SealAsync());
        Assert.Equal(0, await sealer.SealAsync());
        var seals = await SealsAsync();
        Assert.Equal(Enumerable.Range(1, 7).Select(seq => (long)seq), seals.Select(seal => seal.ChainSeq));
        for (var i = 1; i < seals.Count; i++)
        {
            Assert.Equal(seals[i - 1].ChainHash, seals[i].PreviousHash);
        }

        Assert.True((await verifier.VerifyAsync()).Intact);
    }

    [DatabaseFact]
    public async Task Verify_RowsWrittenAfterTheLastSeal_ReportsAnUnsealedTailNotABreak()
    {
        await AddRowsAsync(5);
        await sealer.SealAsync();
        await AddRowsAsync(2);

        var result = await verifier.VerifyAsync();

        Assert.True(result.Intact, result.Description);
        Assert.Equal(5, result.RowsChecked);
        Assert.Equal(2, result.UnsealedRows);
        Assert.Equal(6, result.FirstUnsealedId);
    }

    /// <summary>The sealer reads rows through SqliteDataReader, the verifier steps SQLite directly: both must read every storage class alike.</summary>
    [SqliteFact]
    public async Task Verify_ValuesOfEveryStorageClassInAnyColumn_HoldsAfterSealing()
    {
        await AddRowsAsync(3);
        await ExecuteAsync("""
            UPDATE login_logs SET user_agent = CAST('Bläser/1.0' AS BLOB), city = 42, location = 2.5, latitude = '52.52',
                device_model = 'Zürich ☃', failure_reason = NULL WHERE id = 2
            """);

        await sealer.SealAsync();
        var result = await verifier.VerifyAsync();

        Assert.True(result.Intact, result.Description);
        Assert.Equal(3, result.RowsChecked);
    }

    [DatabaseFact]
    public async Task Verify_MultiByteTextInTextColumns_HoldsAfterSealing()
    {
        await AddRowsAsync(3);
        await ExecuteAsync("""
            UPDATE login_logs SET user_name = 'Zoë 山田', device_model = 'Pixel 📱 9', city = 'Zürich', location = 'Ελλάδα, ☃',
                user_agent = 'Mozilla/5.0 (Ünïcödé; 𝔘𝔄)' WHERE id = 2
            """);

        await sealer.SealAsync();
        var result = await verifier.VerifyAsync();

        Assert.True(result.Intact, result.Description);
        Assert.Equal(3, result.RowsChecked);
    }

    [DatabaseFact]
    public async Task Verify_MultiByteTextEditedByOneCharacter_BreaksAtThatRow()
    {
        await AddRowsAsync(3);
        await ExecuteAsync("UPDATE login_logs SET user_name = 'Zoë 山田' WHERE id = 2");
        await sealer.SealAsync();

        await ExecuteAsync("UPDATE login_logs SET user_name = 'Zoë 山由' WHERE id = 2");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.EditedRow, 2);
    }

    /// <summary>A sqlite3 shell can store bytes that are not UTF-8 as TEXT; the sealer reads them as a string, with U+FFFD for each bad sequence.</summary>
    [SqliteFact]
    public async Task Verify_TextColumnsHoldingInvalidUtf8_HoldsAfterSealing()
    {
        await AddRowsAsync(3);
        await ExecuteAsync("UPDATE login_logs SET user_name = CAST(X'5A6FFF20C3' AS TEXT), browser = CAST(X'C328A0' AS TEXT), os = CAST(X'EDA080' AS TEXT) WHERE id = 2");

        await sealer.SealAsync();
        var result = await verifier.VerifyAsync();

        Assert.True(result.Intact, result.Description);
        Assert.Equal(3, result.RowsChecked);
    }

    /// <summary>
    /// Version 1 hashes text as read into a string, so invalid UTF-8 and its U+FFFD reading hash alike: the verdict a
    /// verifier that decoded every value gave. Reading valid text as stored bytes must not change it.
    /// </summary>
    [SqliteFact]
    public async Task Verify_InvalidUtf8ReplacedByItsReading_HoldsAsWhenEveryValueWasDecoded()
    {
        await AddRowsAsync(3);
        await ExecuteAsync("UPDATE login_logs SET user_name = CAST(X'5A6FFF' AS TEXT) WHERE id = 2");
        await sealer.SealAsync();

        await ExecuteAsync("UPDATE login_logs SET user_name = 'Zo' || char(65533) WHERE id = 2");
        var result = await verifier.VerifyAsync();

        Assert.True(result.Intact, result.Description);
    }

    [SqliteFact]
    public async Task Verify_InvalidUtf8EditedToOtherText_BreaksAtThatRow()
    {
        await AddRowsAsync(3);
        await ExecuteAsync("UPDATE login_logs SET user_name = CAST(X'5A6FFF' AS TEXT) WHERE id = 2");
        await sealer.SealAsync();

        await ExecuteAsync("UPDATE login_logs SET user_name = 'Zo?' WHERE id = 2");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.EditedRow, 2);
    }

    [DatabaseFact]
    public async Task Verify_EditedField_BreaksAtThatRow()
    {
        await AddRowsAsync(8);
        await sealer.SealAsync();

        await ExecuteAsync("UPDATE login_logs SET ip_address = '198.51.100.66' WHERE id = 4");
        var result = await verifier.VerifyAsync();

        AssertBroken(result, ChainBreakKind.EditedRow, 4);
        Assert.Equal(3, result.RowsChecked);
    }

    [DatabaseFact]
    public async Task Verify_EditedTimeWithinTheSameSecond_BreaksAtThatRow()
    {
        await AddRowsAsync(4);
        await sealer.SealAsync();

        await ExecuteAsync(Provider == DatabaseProvider.Sqlite
            ? "UPDATE login_logs SET created_at = substr(created_at, 1, 19) WHERE id = 2"
            : "UPDATE login_logs SET created_at = date_trunc('second', created_at) WHERE id = 2");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.EditedRow, 2);
    }

    [DatabaseFact]
    public async Task Verify_DeletedRow_BreaksAtTheRowAfterTheGap()
    {
        await AddRowsAsync(8);
        await sealer.SealAsync();

        await ExecuteAsync("DELETE FROM login_logs WHERE id = 5");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.DeletedRows, 6);
    }

    [DatabaseFact]
    public async Task Verify_NewestSealedRowsDeleted_BreaksAtTheHead()
    {
        await AddRowsAsync(8);
        await sealer.SealAsync();

        await ExecuteAsync("DELETE FROM login_logs WHERE id >= 7");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.DeletedRows, 8);
    }

    [DatabaseFact]
    public async Task Verify_TwoSwappedRows_BreaksAtTheFirstOfThem()
    {
        await AddRowsAsync(8);
        await sealer.SealAsync();

        // Rows moved with their seals: each still hashes to its own seal, in the wrong place.
        await ExecuteAsync(string.Join(' ', new[] { ("login_logs", "id"), ("login_log_seals", "login_log_id") }.Select(table =>
            $"UPDATE {table.Item1} SET {table.Item2} = -1 WHERE {table.Item2} = 3; UPDATE {table.Item1} SET {table.Item2} = 3 WHERE {table.Item2} = 6; UPDATE {table.Item1} SET {table.Item2} = 6 WHERE {table.Item2} = -1;")));

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.ReorderedRows, 3);
    }

    [DatabaseFact]
    public async Task Verify_RowInsertedAmongSealedRows_BreaksAtTheInsertedRow()
    {
        await AddRowsAsync(8, idStep: 10);
        await sealer.SealAsync();

        await ExecuteAsync(CopyRowSql(from: 50, to: 55, keepSeal: false));

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.InsertedRow, 55);
    }

    [DatabaseFact]
    public async Task Verify_RowInsertedWithACopiedSeal_BreaksAtTheInsertedRow()
    {
        await AddRowsAsync(8, idStep: 10);
        await sealer.SealAsync();

        await ExecuteAsync(CopyRowSql(from: 50, to: 55, keepSeal: true));

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.InsertedRow, 55);
    }

    [DatabaseFact]
    public async Task Verify_RowRewrittenAndResealed_BreaksAtTheRewrittenRow()
    {
        await AddRowsAsync(6);
        await sealer.SealAsync();

        // A forger who knows the algorithm: change row 3, clear its seal and every later one, and let the sealer redo them.
        // Without the head mark the later rows would be resealed too, so only row 3 is redone, and row 4 then disagrees.
        await ExecuteAsync("""
            UPDATE login_logs SET user_name = 'someone-else@example.com' WHERE id = 3;
            DELETE FROM login_log_seals WHERE login_log_id = 3;
            UPDATE login_log_chain SET row_id = 2, seq = 2, hash = (SELECT chain_hash FROM login_log_seals WHERE login_log_id = 2) WHERE name = 'head';
            """);
        await sealer.SealAsync();
        await ExecuteAsync("UPDATE login_log_chain SET row_id = 6, seq = 6, hash = (SELECT chain_hash FROM login_log_seals WHERE login_log_id = 6) WHERE name = 'head';");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.EditedRow, 3);
    }

    [DatabaseFact]
    public async Task Seal_NewRows_NeverUpdatesALoginLogsRow()
    {
        await AddRowsAsync(6);
        await ExecuteAsync(Provider == DatabaseProvider.Sqlite
            ? """
                CREATE TABLE test_updated_rows (id INTEGER);
                CREATE TRIGGER test_login_logs_updated AFTER UPDATE ON login_logs BEGIN INSERT INTO test_updated_rows VALUES (new.id); END;
                """
            : """
                CREATE TABLE test_updated_rows (id bigint);
                CREATE FUNCTION test_note_update() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN INSERT INTO test_updated_rows VALUES (NEW.id); RETURN NEW; END';
                CREATE TRIGGER test_login_logs_updated AFTER UPDATE ON login_logs FOR EACH ROW EXECUTE FUNCTION test_note_update();
                """);

        Assert.Equal(6, await sealer.SealAsync());
        var updatedBySealing = await UpdatedRowsAsync();
        await ExecuteAsync("UPDATE login_logs SET user_name = user_name WHERE id = 2");

        Assert.Empty(updatedBySealing);
        Assert.Equal([2L], await UpdatedRowsAsync());
        Assert.Equal(6, await CountAsync("SELECT count(*) AS \"Value\" FROM login_log_seals"));
    }

    [DatabaseFact]
    public async Task Verify_EditedSealHash_BreaksAtThatRow()
    {
        await AddRowsAsync(6);
        await sealer.SealAsync();

        await ExecuteAsync("UPDATE login_log_seals SET chain_hash = previous_hash WHERE login_log_id = 4");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.EditedRow, 4);
    }

    [DatabaseFact]
    public async Task Verify_SealDeleted_BreaksAtTheRowItSealed()
    {
        await AddRowsAsync(6);
        await sealer.SealAsync();

        await ExecuteAsync("DELETE FROM login_log_seals WHERE login_log_id = 4");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.InsertedRow, 4);
    }

    [DatabaseFact]
    public async Task Verify_TwoRowsSwappedWithoutTheirSeals_BreaksAtTheFirstOfThem()
    {
        await AddRowsAsync(8);
        await sealer.SealAsync();

        await ExecuteAsync("UPDATE login_logs SET id = -1 WHERE id = 3; UPDATE login_logs SET id = 3 WHERE id = 6; UPDATE login_logs SET id = 6 WHERE id = -1;");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.EditedRow, 3);
    }

    [DatabaseFact]
    public async Task Verify_RowDeletedWithItsSeal_BreaksAtTheRowAfterTheGap()
    {
        await AddRowsAsync(8);
        await sealer.SealAsync();

        await ExecuteAsync("DELETE FROM login_logs WHERE id = 5; DELETE FROM login_log_seals WHERE login_log_id = 5;");

        AssertBroken(await verifier.VerifyAsync(), ChainBreakKind.DeletedRows, 6);
    }

    [DatabaseFact]
    public async Task Seal_ConcurrentWritersAndSealers_ProduceOneUnbrokenChain()
    {
        var writers = Enumerable.Range(0, 8).Select(async writer =>
        {
            for (var i = 0; i < 25; i++)
            {
                // In an audit write's transaction, as the audit writer of each instance writes: on PostgreSQL a smaller id
                // may commit after a larger one, and the sealer waits for the writes in flight through that transaction's lock.
                await using var db = Database.CreateDbContext();
                await db.Database.OpenConnectionAsync();
                var connection = db.Database.GetDbConnection();
                await using var transaction = await SqlDialect.For(connection).BeginAuditWriteAsync(connection);
                await db.Database.UseTransactionAsync(transaction);
                db.Add(LoginLogSeed.Log(LoginEventType.SignInSucceeded, DateTime.UtcNow, userName: $"writer{writer}-{i}@example.com"));
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }
        });
        var otherSealer = new ChainSealer(Database, TimeProvider.System);
        var sealers = Enumerable.Range(0, 10).Select(async pass =>
        {
            await Task.Delay(pass * 20);
            await (pass % 2 == 0 ? sealer : otherSealer).SealAsync();
        });

        await Task.WhenAll(writers.Concat(sealers));
        await sealer.SealAsync();
        var result = await verifier.VerifyAsync();

        Assert.True(result.Intact, result.Description);
        Assert.Equal(200, result.RowsChecked);
    }

    private async Task AddRowsAsync(int count, int idStep = 0)
    {
        var start = DateTime.UtcNow.AddMinutes(-count);
        var existing = (await RowsAsync()).Count;
        var rows = Enumerable.Range(existing + 1, count).Select(n =>
        {
            var row = LoginLogSeed.Log(
                n % 3 == 0 ? LoginEventType.SignInFailed : LoginEventType.SignInSucceeded,
                start.AddSeconds(n),
                userName: $"user{n}@example.com",
                reason: n % 3 == 0 ? LoginFailureReason.InvalidPassword : null,
                sessionId: n % 3 == 0 ? null : $"{n:x32}");
            if (idStep > 0)
            {
                row.Id = n * idStep;
            }

            return row;
        });
        await Database.AddAsync(rows.Cast<object>().ToArray());
    }

    private async Task<List<LoginLog>> RowsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.LoginLogs.AsNoTracking().OrderBy(row => row.Id).ToListAsync();
    }

    private async Task<List<LoginLogSeal>> SealsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.LoginLogSeals.AsNoTracking().OrderBy(seal => seal.LoginLogId).ToListAsync();
    }

    private async Task<List<long>> UpdatedRowsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Database.SqlQueryRaw<long>("SELECT id AS \"Value\" FROM test_updated_rows ORDER BY id").ToListAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var db = Database.CreateDbContext();
        return await db.Database.SqlQueryRaw<long>(sql).SingleAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = Database.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static string CopyRowSql(long from, long to, bool keepSeal)
    {
        var columns = "user_id, user_name, event_type, succeeded, failure_reason, error_code, sign_in_method, ip_address, user_agent, browser, browser_version, os, os_version, device_type, device_brand, device_model, is_bot, location, suspicious, session_id, created_at";
        var row = $"INSERT INTO login_logs (id, {columns}) SELECT {to}, {columns} FROM login_logs WHERE id = {from};";
        return keepSeal
            ? $"{row} INSERT INTO login_log_seals (login_log_id, chain_seq, previous_hash, chain_hash) SELECT {to}, chain_seq, previous_hash, chain_hash FROM login_log_seals WHERE login_log_id = {from};"
            : row;
    }

    private static void AssertBroken(ChainVerification result, ChainBreakKind kind, long id)
    {
        Assert.False(result.Intact, "The chain was reported intact.");
        Assert.True(kind == result.Break && id == result.FirstBadId, $"Expected {kind} at {id}, got {result.Break} at {result.FirstBadId}: {result.Description}");
    }
}

[OnPostgreSql]
public sealed class ChainVerifierOnPostgreSqlTests() : ChainVerifierTests(DatabaseProvider.PostgreSQL);
