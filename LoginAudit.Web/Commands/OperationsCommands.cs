using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LoginAudit.Data;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Export;
using LoginAudit.Data.History;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoginAudit.Web.Commands;

/// <summary>
/// <c>verify</c>, <c>purge</c> and <c>export</c>: operations on the configured database. Each migrates it first, as the
/// app does at start, so they work on a database the app has not opened yet.
/// </summary>
internal static class OperationsCommands
{
    private const int UsageError = 2;

    public static Command Verify(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var expectHead = new Option<ChainHead?>("--expect-head")
        {
            Description = "A chain head received earlier, <seq>:<hash> (a stream's checkpoint record): fail unless the chain still passes through it.",
            CustomParser = ParseHead,
        };
        var command = new Command("verify", "Verifies the login_logs hash chain: exit 0 when it holds, 1 when broken (the first bad id on standard error).") { expectHead };
        command.SetAction(async parsed =>
        {
            await using var services = await BuildAsync(cancellationToken);
            var expected = parsed.GetValue(expectHead);
            var (result, head) = expected is null
                ? (await services.GetRequiredService<ChainVerifier>().VerifyAsync(cancellationToken), null)
                : await services.GetRequiredService<ExpectedHeadCheck>().CheckAsync(expected, cancellationToken);
            if (!result.Intact)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Chain broken at login_logs id {result.FirstBadId} ({result.Break}): {result.Description}"));
                return 1;
            }

            if (head is { Holds: false })
            {
                await error.WriteLineAsync(head.Description);
                return 1;
            }

            await output.WriteLineAsync(result.Description);
            if (head is not null)
            {
                await output.WriteLineAsync(head.Description);
            }

            await output.WriteLineAsync($"Head hash: {result.HeadHash}");
            await using var db = await services.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContextAsync(cancellationToken);
            if (await ChainHead.ReadCurrentAsync(db, cancellationToken) is { } current)
            {
                await output.WriteLineAsync($"Head: {current.Head} (keep it elsewhere; verify --expect-head checks against it later)");
            }

            return 0;
        });
        return command;
    }

    public static Command Purge(TextWriter output, CancellationToken cancellationToken)
    {
        var olderThan = new Option<int?>("--older-than")
        {
            Description = "Purge rows older than this many days, written like 90d (default: LoginAudit:Retention:Days).",
            CustomParser = ParseDays,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only count what would be purged; change nothing." };
        var command = new Command("purge", "Deletes login_logs rows and ended sessions older than the retention window, keeping the hash chain verifiable.")
        {
            olderThan, dryRun,
        };
        command.SetAction(async parsed =>
        {
            await using var services = await BuildAsync(cancellationToken);
            var days = parsed.GetValue(olderThan) ?? services.GetRequiredService<IOptions<LoginAuditOptions>>().Value.Retention.Days;
            var result = await services.GetRequiredService<RetentionPurger>().PurgeOlderThanAsync(TimeSpan.FromDays(days), parsed.GetValue(dryRun), cancellationToken);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{(result.DryRun ? "Would delete" : "Deleted")} {result.Rows:N0} login_logs rows older than {result.RowsCutoffUtc:yyyy-MM-dd HH:mm:ss} UTC and {result.Sessions:N0} ended sessions older than {result.CutoffUtc:yyyy-MM-dd HH:mm:ss} UTC."));
            return 0;
        });
        return command;
    }

    public static Command Export(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var from = new Option<DateTime>("--from") { Description = "Start, inclusive: a UTC date (2026-11-01) or date-time.", Required = true, CustomParser = argument => ParseUtc(argument, "--from") };
        var to = new Option<DateTime>("--to") { Description = "End, exclusive: a UTC date or date-time.", Required = true, CustomParser = argument => ParseUtc(argument, "--to") };
        var format = new Option<ExportFormat>("--format")
        {
            Description = "csv (spreadsheet-safe), jsonl (the login_logs columns), ocsf (OCSF Authentication events) or ecs (Elastic Common Schema).",
            DefaultValueFactory = _ => ExportFormat.Csv,
            CustomParser = ParseFormat,
        };
        var file = new Option<FileInfo?>("--output") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", "Writes the login history of a time range, oldest first, as CSV or JSON lines (own columns, OCSF or ECS).") { from, to, format, file };
        command.SetAction(async parsed =>
        {
            if (parsed.GetValue(from) >= parsed.GetValue(to))
            {
                await error.WriteLineAsync("--from must be before --to.");
                return UsageError;
            }

            await using var services = await BuildAsync(cancellationToken);
            var filter = new LoginHistoryFilter { Range = LoginHistoryRange.Custom, From = parsed.GetValue(from), To = parsed.GetValue(to) };
            var oldestFirst = new LoginHistorySort(LoginHistorySortColumn.CreatedAt, Descending: false);
            var target = parsed.GetValue(file);
            var exporter = services.GetRequiredService<LoginHistoryExporter>();
            if (target is null)
            {
                await exporter.WriteAsync(parsed.GetValue(format), filter, output, oldestFirst, cancellationToken);
            }
            else
            {
                await using var writer = new StreamWriter(target.FullName, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
                await exporter.WriteAsync(parsed.GetValue(format), filter, writer, oldestFirst, cancellationToken);
            }

            return 0;
        });
        return command;
    }

    private static async Task<ServiceProvider> BuildAsync(CancellationToken cancellationToken)
    {
        var services = CommandServices.Build([], collection =>
        {
            collection.AddLoginAuditIdentity();
            collection.AddLoginAuditIntegrity();
            collection.AddLoginAuditExport();
        });
        // Validated here as the app validates at start: a wrong setting stops the command with its sentence.
        _ = services.GetRequiredService<IOptions<LoginAuditOptions>>().Value;
        await using var db = await services.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.MigrateLoginAuditDatabaseAsync(cancellationToken);
        return services;
    }

    private static int? ParseDays(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value.Trim();
        var digits = text.EndsWith('d') ? text[..^1] : text;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 1)
        {
            return days;
        }

        result.AddError($"--older-than takes a number of days of at least 1, like 90d; '{text}' is not one.");
        return null;
    }

    private static ChainHead? ParseHead(ArgumentResult result)
    {
        if (ChainHead.TryParse(result.Tokens.Single().Value, out var head, out var problem))
        {
            return head;
        }

        result.AddError($"--expect-head: {problem}");
        return null;
    }

    private static ExportFormat ParseFormat(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "csv" : result.Tokens.Single().Value;
        if (ExportFormats.TryParse(text, out var format))
        {
            return format;
        }

        result.AddError($"--format: '{text}' is not one of {string.Join(", ", ExportFormats.Names)}.");
        return default;
    }

    private static DateTime ParseUtc(ArgumentResult result, string option)
    {
        var text = result.Tokens.Single().Value;
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return DateTime.SpecifyKind(value, DateTimeKind.Utc);
        }

        result.AddError($"{option}: '{text}' is not a date such as 2026-11-01 or 2026-11-01T08:00:00Z.");
        return default;
    }
}
