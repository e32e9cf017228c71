using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Commands;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Commands;

/// <summary>verify, purge and export, run as the real executable against a real database file.</summary>
public sealed class OperationsCommandTests : IAsyncLifetime
{
    private static readonly DateTime Day = new(2026, 10, 15, 0, 0, 0, DateTimeKind.Utc);

    private TemporaryDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(
            LoginLogSeed.Log(LoginEventType.SignInSucceeded, Day.AddHours(1), userName: "ann@example.com", sessionId: "a1"),
            LoginLogSeed.Log(LoginEventType.SignInFailed, Day.AddHours(2), userName: "=HYPERLINK(\"http://x\")", reason: LoginFailureReason.UnknownUser),
            LoginLogSeed.Log(LoginEventType.SignedOut, Day.AddHours(3), userName: "ann@example.com", sessionId: "a1"),
            LoginLogSeed.Log(LoginEventType.SignInSucceeded, Day.AddDays(2).AddHours(9), userName: "bob@example.com"));
        await new ChainSealer(database, TimeProvider.System).SealAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Verify_IntactThenTampered_Exits0ThenExits1WithTheFirstBadId()
    {
        var intact = await AppProcess.RunCommandAsync(database.FilePath, "verify");
        Assert.True(intact.ExitCode == 0, intact.Output + intact.Error);
        Assert.Contains("The chain holds: 4 rows verified.", intact.Output);

        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE login_logs SET succeeded = 1 WHERE id = 2");
        }

        var broken = await AppProcess.RunCommandAsync(database.FilePath, "verify");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("Chain broken at login_logs id 2 (EditedRow)", broken.Error);
    }

    [Fact]
    public async Task Purge_DryRunThenForReal_CountsFirstAndThenDeletesOnlyOldRows()
    {
        // The cutoff falls within the day before bob's row: his row stays, the three a day and more older go.
        var days = (int)Math.Ceiling((DateTime.UtcNow - Day.AddDays(2).AddHours(9)).TotalDays);

        var dryRun = await AppProcess.RunCommandAsync(database.FilePath, "purge", "--older-than", $"{days}d", "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.Output + dryRun.Error);
        Assert.Contains("Would delete 3 login_logs rows", dryRun.Output);
        Assert.Equal(4, await CountAsync());

        var purge = await AppProcess.RunCommandAsync(database.FilePath, "purge", "--older-than", $"{days}d");
        Assert.True(purge.ExitCode == 0, purge.Output + purge.Error);
        Assert.Contains("Deleted 3 login_logs rows", purge.Output);
        await using var db = database.CreateDbContext();
        var left = await db.LoginLogs.OrderBy(row => row.Id).Select(row => row.EventType).ToListAsync();
        Assert.Equal([LoginEventType.SignInSucceeded, LoginEventType.AuditLogPurged], left);

        var verify = await AppProcess.RunCommandAsync(database.FilePath, "verify");
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
    }

    [Fact]
    public async Task Export_CsvToStandardOutputAndJsonLinesToAFile_WriteTheRangeOldestFirst()
    {
        var csv = await AppProcess.RunCommandAsync(database.FilePath, "export", "--from", "2026-10-15", "--to", "2026-10-16");
        Assert.True(csv.ExitCode == 0, csv.Output + csv.Error);
        var lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("id,user_id,user_name,event_type", lines[0]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", lines[2]);
        Assert.DoesNotContain(lines, line => line.Contains(",=HYPERLINK", StringComparison.Ordinal));

        var file = Path.Combine(Path.GetDirectoryName(database.FilePath)!, "export.jsonl");
        var jsonl = await AppProcess.RunCommandAsync(database.FilePath, "export", "--from", "2026-10-15T00:00:00Z", "--to", "2026-10-18", "--format", "jsonl", "--output", file);
        Assert.True(jsonl.ExitCode == 0, jsonl.Output + jsonl.Error);
        Assert.Equal("", jsonl.Output);
        var objects = (await File.ReadAllLinesAsync(file)).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["ann@example.com", "=HYPERLINK(\"http://x\")", "ann@example.com", "bob@example.com"], objects.Select(o => o.GetProperty("user_name").GetString()));
        Assert.Equal("SignInFailed", objects[1].GetProperty("event_type").GetString());
        Assert.False(objects[1].GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, objects[0].GetProperty("failure_reason").ValueKind);
        Assert.Equal("2026-10-15T01:00:00Z", objects[0].GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task Export_OcsfAndEcs_WriteTheSameRowsAsCsvAsSiemEvents()
    {
        var csv = await AppProcess.RunCommandAsync(database.FilePath, "export", "--from", "2026-10-15", "--to", "2026-10-20");
        var ocsf = await AppProcess.RunCommandAsync(database.FilePath, "export", "--from", "2026-10-15", "--to", "2026-10-20", "--format", "ocsf");
        var ecs = await AppProcess.RunCommandAsync(database.FilePath, "export", "--from", "2026-10-15", "--to", "2026-10-20", "--format", "ECS");

        Assert.True(ocsf.ExitCode == 0 && ecs.ExitCode == 0, ocsf.Error + ecs.Error);
        var csvIds = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(line => line.Split(',')[0]).ToList();
        var ocsfEvents = Lines(ocsf.Output);
        Assert.Equal(csvIds, ocsfEvents.Select(line => line.GetProperty("metadata").GetProperty("uid").GetString()));
        Assert.All(ocsfEvents, line => Assert.Equal(3002, line.GetProperty("class_uid").GetInt32()));
        Assert.Equal([300201, 300201, 300202, 300201], ocsfEvents.Select(line => line.GetProperty("type_uid").GetInt32()));
        Assert.Equal(csvIds, Lines(ecs.Output).Select(line => line.GetProperty("event").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Export_UnknownFormat_ExitsWithUsageErrorNamingTheFormats()
    {
        var result = await AppProcess.RunCommandAsync(database.FilePath, "export", "--from", "2026-10-15", "--to", "2026-10-20", "--format", "xml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'xml' is not one of csv, jsonl, ocsf, ecs", result.Error);
    }

    [Fact]
    public async Task VerifyExpectHead_TheHeadPrintedEarlier_HoldsAfterMoreRowsAreSealed()
    {
        var first = await AppProcess.RunCommandAsync(database.FilePath, "verify");
        var head = first.Output.Split('\n').Single(line => line.StartsWith("Head: ", StringComparison.Ordinal))["Head: ".Length..].Split(' ')[0];
        await database.AddAsync(LoginLogSeed.Log(LoginEventType.SignInFailed, Day.AddDays(3), userName: "later@example.com"));
        await new ChainSealer(database, TimeProvider.System).SealAsync();

        var later = await AppProcess.RunCommandAsync(database.FilePath, "verify", "--expect-head", head);

        Assert.True(later.ExitCode == 0, later.Output + later.Error);
        Assert.StartsWith("4:", head);
        Assert.Contains("The chain still reaches the expected head: row 4 at position 4", later.Output);
    }

    [Fact]
    public async Task VerifyExpectHead_ChainRewrittenAndResealed_Exits1NamingTheRow()
    {
        var head = await CurrentHeadAsync();
        await using (var db = database.CreateDbContext())
        {
            // Someone with write access edits a row and reseals everything from it: the chain verifies on its own.
            await db.Database.ExecuteSqlRawAsync("UPDATE login_logs SET succeeded = 0 WHERE id >= 2");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM login_log_seals WHERE login_log_id >= 2");
            await db.Database.ExecuteSqlRawAsync("UPDATE login_log_chain SET row_id = 1, seq = 1, hash = (SELECT chain_hash FROM login_log_seals WHERE login_log_id = 1) WHERE name = 'head'");
        }

        await new ChainSealer(database, TimeProvider.System).SealAsync();

        var result = await AppProcess.RunCommandAsync(database.FilePath, "verify", "--expect-head", head);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The chain was rewritten: row 4 at position 4", result.Error);
    }

    [Fact]
    public async Task VerifyExpectHead_NewestRowsDeletedAndHeadMovedBack_Exits1SayingTheChainNoLongerReachesIt()
    {
        var head = await CurrentHeadAsync();
        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM login_logs WHERE id = 4");
            await db.Database.ExecuteSqlRawAsync("UPDATE login_log_chain SET row_id = 3, seq = 3, hash = (SELECT chain_hash FROM login_log_seals WHERE login_log_id = 3) WHERE name = 'head'");
        }

        var result = await AppProcess.RunCommandAsync(database.FilePath, "verify", "--expect-head", head);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no longer reaches the expected head: it ends at position 3, before 4", result.Error);
    }

    [Theory]
    [InlineData("4", "write it as <seq>:<hash>")]
    [InlineData("x:00", "'x' is not a chain position")]
    [InlineData("4:abc", "'abc' is not a chain hash")]
    public async Task VerifyExpectHead_Malformed_ExitsWithUsageErrorSayingWhatIsWrong(string head, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(["verify", "--expect-head", head], output, error, TextReader.Null, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error.ToString());
    }

    private async Task<string> CurrentHeadAsync()
    {
        await using var db = database.CreateDbContext();
        return (await ChainHead.ReadCurrentAsync(db))!.Value.Head.ToString();
    }

    private static List<JsonElement> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    [Theory]
    [InlineData("export", "--from", "yesterday", "--to", "2026-10-16")]
    [InlineData("export", "--from", "2026-10-16", "--to", "2026-10-15")]
    [InlineData("export", "--from", "2026-10-15", "--to", "2026-10-16", "--format", "xml")]
    [InlineData("export", "--to", "2026-10-16")]
    [InlineData("purge", "--older-than", "0d")]
    [InlineData("purge", "--older-than", "ninety")]
    public async Task Run_BadArguments_ExplainOnStandardErrorAndExit2(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(args, output, error, TextReader.Null, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.ToString());
        Assert.NotEqual("", error.ToString());
    }

    private async Task<int> CountAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.LoginLogs.CountAsync();
    }
}
