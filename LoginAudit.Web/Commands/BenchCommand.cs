using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.DemoData;
using LoginAudit.Data.History;
using LoginAudit.Data.Overview;
using LoginAudit.Data.Rollups;
using LoginAudit.Data.UserActivity;
using LoginAudit.Data.UserAgents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoginAudit.Web.Commands;

/// <summary>
/// <c>bench</c>: times the dashboard queries on a demo database of <c>rows</c> rows over <c>days</c> days and prints one JSON object.
/// </summary>
/// <remarks>
/// The database is the bench's own (<see cref="BenchDatabases"/>: <c>loginaudit-bench/bench-ROWS.db</c> in the temp
/// folder, or <c>loginaudit_bench_bench_ROWS</c> on the PostgreSQL server; <c>bench-ROWS-DAYSd</c> for a history of other
/// than <see cref="DefaultDays"/> days), never the configured one; it is seeded once
/// and reused while it holds exactly <c>rows</c> rows. Queries run with "now" at
/// the newest row, so a reused file measures the same ranges. Each query runs 3 times to warm up, then 30 times.
/// </remarks>
internal static class BenchCommand
{
    private const int WarmUpRuns = 3;
    private const int MeasuredRuns = 30;

    /// <summary>When the bench database is reused, a fresh seed of this many rows (at most the bench's) measures the seeder's speed.</summary>
    private const int SeedSpeedRows = 100_000;

    /// <summary>The history span of the bench's figures before <c>--days</c> (the demo seeder's default): its databases keep their names.</summary>
    public static readonly int DefaultDays = new DemoDataOptions().Days;

    public static async Task<int> RunAsync(
        IServiceProvider services, int rows, int days, DatabaseProvider provider, string? serverConnectionString, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (days < 1 || days > RetentionSettings.MaximumDays)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bench --days must be between 1 and {RetentionSettings.MaximumDays} (it was {days})."));
            return 1;
        }

        BenchDatabases databases;
        try
        {
            databases = provider == DatabaseProvider.PostgreSQL
                ? await BenchDatabases.PostgreSqlAsync(
                    serverConnectionString ?? throw new BenchSetupException(
                        $"bench --provider PostgreSQL needs a server: --connection \"Host=localhost;Username=...;Password=...\" or ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}."),
                    ct)
                : BenchDatabases.Sqlite(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "loginaudit-bench")).FullName);
        }
        catch (BenchSetupException refused)
        {
            await error.WriteLineAsync(refused.Message);
            return 1;
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(await BenchAsync(services, databases, rows, days, ct), new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static async Task<Dictionary<string, object>> BenchAsync(IServiceProvider services, BenchDatabases databases, int rows, int days, CancellationToken ct)
    {
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;

        // A history of other days is another database, and so are its scratch ones: it may run beside a default bench.
        string Named(string name) => days == DefaultDays ? name : string.Create(CultureInfo.InvariantCulture, $"{name}-{days}d");
        var name = Named(string.Create(CultureInfo.InvariantCulture, $"bench-{rows}"));
        var factory = databases.CreateFactory(name);

        var seedFigures = new Dictionary<string, object>();
        if (await CountRowsAsync(factory, ct) != rows)
        {
            await databases.DeleteAsync(name, ct);
            factory = databases.CreateFactory(name);
            AddSeedFigures(seedFigures, await SeedAsync(factory, rows, days, clock, ct));
        }
        else
        {
            var speedName = Named("seed-speed");
            await databases.DeleteAsync(speedName, ct);
            AddSeedFigures(seedFigures, await SeedAsync(databases.CreateFactory(speedName), Math.Min(SeedSpeedRows, rows), days, clock, ct));
            await databases.DeleteAsync(speedName, ct);
            seedFigures["bench_database_reused"] = true;
        }

        // What the app's roll-up duty does at start: a database seeded by an older version is counted now.
        await using (var connection = await factory.OpenConnectionAsync(ct))
        {
            var rollingUp = Stopwatch.StartNew();
            if (await LoginLogRollups.RollUpAsync(connection, clock, ct) is var counted && counted > 0)
            {
                seedFigures["rollup_catch_up_rows"] = counted;
                seedFigures["rollup_catch_up_rows_per_second"] = Math.Round(counted / rollingUp.Elapsed.TotalSeconds);
            }

            // And PostgreSQL's search index duty: a fresh or upgraded database's rows are copied into the search index now.
            var indexing = Stopwatch.StartNew();
            if (await PostgreSqlSearchIndex.IndexNewRowsAsync(connection, ct) is var indexed && indexed > 0)
            {
                seedFigures["search_index_catch_up_rows"] = indexed;
                seedFigures["search_index_catch_up_rows_per_second"] = Math.Round(indexed / indexing.Elapsed.TotalSeconds);
            }
        }

        // The dashboard services get a factory that can record their SQL, to time the same commands without EF.
        var replay = new RawSqlReplay();
        factory = databases.CreateFactory(name, replay);
        var now = await NewestRowAsync(factory, ct);
        var fixedClock = new FixedTimeProvider(now);
        var history = new LoginHistoryService(factory, new AuditWindows(fixedClock, Options.Create(new LoginAuditOptions())), Options.Create(new LoginHistoryOptions()));
        var breakdowns = new FailureBreakdownService(factory);
        var overview = new OverviewService(factory, breakdowns, fixedClock);
        var users = new UserActivityService(factory, fixedClock);

        var offset = TimeSpan.FromHours(1);
        var month = DashboardRange.Last(TimeSpan.FromDays(30), now, offset);
        var week = DashboardRange.Last(TimeSpan.FromDays(7), now, offset);
        var day = DashboardRange.Last(TimeSpan.FromDays(1), now, offset);

        // The longest range a viewer can ask for: the default retention window (on a history shorter than it, the history).
        var retentionDays = new RetentionSettings().Days;
        var retentionWindow = DashboardRange.Last(TimeSpan.FromDays(retentionDays), now, offset);
        var retentionKey = string.Create(CultureInfo.InvariantCulture, $"{retentionDays}d");
        var busiestUser = await BusiestUserAsync(factory, ct);

        var loadBefore = LoadAverage();
        var failedLastWeek = new LoginHistoryFilter { Range = LoginHistoryRange.Last7Days, Outcome = LoginOutcome.Failed };
        var results = new Dictionary<string, object>();
        var plans = new Dictionary<string, object>();

        async Task Measure(string name, Func<Task> query)
        {
            results[name] = await MeasureAsync(query, ct);
        }

        // Grid and breakdown queries: also their recorded commands replayed on one open connection.
        await using var rawDb = await factory.CreateDbContextAsync(ct);
        var rawConnection = rawDb.Database.GetDbConnection();
        await rawConnection.OpenAsync(ct);
        async Task MeasureWithRawSql(string name, Func<Task> query)
        {
            var figures = await MeasureAsync(query, ct);
            var commands = await replay.RecordAsync(query);
            foreach (var (statistic, value) in await MeasureAsync(() => RawSqlReplay.ReplayAsync(rawConnection, commands, ct), ct))
            {
                figures["raw_sql_" + statistic] = value;
            }

            results[name] = figures;
            plans[name] = await RawSqlReplay.ExplainAsync(rawConnection, commands, ct);
        }

        await MeasureWithRawSql("grid_failed_7d_newest_first", () => history.GetPageAsync(failedLastWeek, LoginHistorySort.NewestFirst, 0, 50, ct));
        await MeasureWithRawSql("grid_all_30d_page_200", () => history.GetPageAsync(
            new LoginHistoryFilter { Range = LoginHistoryRange.Last30Days }, LoginHistorySort.NewestFirst, 10_000, 50, ct));
        await MeasureWithRawSql("grid_mobile_24h_by_user_name", () => history.GetPageAsync(
            new LoginHistoryFilter { Range = LoginHistoryRange.Last24Hours, DeviceTypes = [DeviceType.Mobile] },
            new LoginHistorySort(LoginHistorySortColumn.UserName, Descending: false), 100, 50, ct));
        await MeasureWithRawSql("grid_search_30d_user_name", () => history.GetPageAsync(
            new LoginHistoryFilter { Range = LoginHistoryRange.Last30Days, Search = "mallory" }, LoginHistorySort.NewestFirst, 0, 50, ct));
        await MeasureWithRawSql("grid_search_30d_attacker_network", () => history.GetPageAsync(
            new LoginHistoryFilter { Range = LoginHistoryRange.Last30Days, Search = "203.0.113" }, LoginHistorySort.NewestFirst, 0, 50, ct));
        await MeasureWithRawSql("grid_search_30d_rare_term", () => history.GetPageAsync(
            new LoginHistoryFilter { Range = LoginHistoryRange.Last30Days, Search = "root" }, LoginHistorySort.NewestFirst, 0, 50, ct));
        await MeasureWithRawSql("grid_search_30d_short_prefix", () => history.GetPageAsync(
            new LoginHistoryFilter { Range = LoginHistoryRange.Last30Days, Search = "ad" }, LoginHistorySort.NewestFirst, 0, 50, ct));
        await MeasureWithRawSql("grid_search_30d_no_match", () => history.GetPageAsync(
            new LoginHistoryFilter { Range = LoginHistoryRange.Last30Days, Search = "quokka" }, LoginHistorySort.NewestFirst, 0, 50, ct));

        // The demo seeder's OS mix: Windows is 30 % of the rows (the search also reads every other searched column).
        await MeasureWithRawSql("grid_search_30d_third_of_rows", () => history.GetPageAsync(
            new LoginHistoryFilter { Range = LoginHistoryRange.Last30Days, Search = "Windows" }, LoginHistorySort.NewestFirst, 0, 50, ct));

        await MeasureWithRawSql("failures_by_reason_30d", () => breakdowns.GetByReasonAsync(month, ct));
        await MeasureWithRawSql("failures_by_reason_7d", () => breakdowns.GetByReasonAsync(week, ct));
        await MeasureWithRawSql("failures_by_user_name_30d", () => breakdowns.GetByUserNameAsync(month, 10, ct));
        await MeasureWithRawSql("failures_by_ip_30d", () => breakdowns.GetByIpAsync(month, 10, ct));
        await MeasureWithRawSql("failures_by_ip_7d", () => breakdowns.GetByIpAsync(week, 10, ct));
        await MeasureWithRawSql("failures_by_device_type_30d", () => breakdowns.GetByLabelAsync(month, FailureLabel.DeviceType, 10, ct));
        await MeasureWithRawSql("failures_by_browser_30d", () => breakdowns.GetByLabelAsync(month, FailureLabel.Browser, 10, ct));
        await MeasureWithRawSql("failures_by_os_30d", () => breakdowns.GetByLabelAsync(month, FailureLabel.Os, 10, ct));
        await MeasureWithRawSql("failures_heat_map_30d", () => breakdowns.GetHeatMapAsync(month, ct));
        await MeasureWithRawSql("outcomes_over_time_30d_daily", () => breakdowns.GetOutcomesOverTimeAsync(month, ct));
        await MeasureWithRawSql("outcomes_over_time_24h_hourly", () => breakdowns.GetOutcomesOverTimeAsync(day, ct));
        await MeasureWithRawSql($"failures_by_reason_{retentionKey}", () => breakdowns.GetByReasonAsync(retentionWindow, ct));
        await MeasureWithRawSql($"failures_by_user_name_{retentionKey}", () => breakdowns.GetByUserNameAsync(retentionWindow, 10, ct));
        await MeasureWithRawSql($"failures_by_ip_{retentionKey}", () => breakdowns.GetByIpAsync(retentionWindow, 10, ct));
        await MeasureWithRawSql($"failures_by_os_{retentionKey}", () => breakdowns.GetByLabelAsync(retentionWindow, FailureLabel.Os, 10, ct));
        await MeasureWithRawSql($"failures_heat_map_{retentionKey}", () => breakdowns.GetHeatMapAsync(retentionWindow, ct));
        await MeasureWithRawSql($"outcomes_over_time_{retentionKey}_daily", () => breakdowns.GetOutcomesOverTimeAsync(retentionWindow, ct));
        await Measure($"overview_{retentionKey}", () => overview.GetAsync(retentionWindow, cancellationToken: ct));
        await Measure("overview_30d", () => overview.GetAsync(month, cancellationToken: ct));
        await Measure("overview_7d", () => overview.GetAsync(week, cancellationToken: ct));
        await Measure("overview_24h", () => overview.GetAsync(day, cancellationToken: ct));
        await Measure("users_page_by_last_sign_in", () => users.GetUsersAsync(
            new UserListQuery(month.From, month.To, Sort: UserListSort.LastSignIn), ct));
        await Measure("user_timeline_30d_busiest_user", () => users.GetTimelineAsync(busiestUser, month, cancellationToken: ct));
        await Measure("my_sign_ins_busiest_user", () => users.GetMySignInsAsync(busiestUser, cancellationToken: ct));

        // PostgreSQL copies a database only while nobody is connected to it (the operations bench copies this one).
        await rawConnection.CloseAsync();

        await using var db = await factory.CreateDbContextAsync(ct);
        var (engine, engineVersion) = await databases.EngineAsync(db, ct);
        return new Dictionary<string, object>
        {
            ["rows"] = rows,
            ["seed_days"] = days,
            ["provider"] = databases.Provider.ToString(),
            ["machine"] = new Dictionary<string, object>
            {
                ["processors"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                [engine] = engineVersion,

                // The machine may be shared: the load says how much the figures were disturbed.
                ["load_average_before"] = loadBefore,
                ["load_average_after"] = LoadAverage(),
            },
            ["database"] = databases.Describe(name),
            ["database_bytes_per_row"] = Math.Round((double)await databases.BytesUsedAsync(db, ct) / rows),
            ["runs"] = MeasuredRuns,
            ["seed"] = seedFigures,
            ["queries_ms"] = results,
            ["query_plans"] = plans,
            ["operations"] = await OperationsBench.RunAsync(databases, factory, name, Named, rows, ct),
        };
    }

    private static void AddSeedFigures(Dictionary<string, object> figures, DemoSeedResult seeded)
    {
        figures["seed_rows"] = seeded.Events;
        figures["seed_rows_per_second"] = Math.Round(seeded.RowsPerSecond);
    }

    private static async Task<long> CountRowsAsync(IDbContextFactory<LoginAuditDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.MigrateLoginAuditDatabaseAsync(ct);
        return await db.LoginLogs.LongCountAsync(ct);
    }

    private static async Task<DemoSeedResult> SeedAsync(
        IDbContextFactory<LoginAuditDbContext> factory, int rows, int days, TimeProvider clock, CancellationToken ct)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await db.MigrateLoginAuditDatabaseAsync(ct);
        }

        return await new DemoDataSeeder(factory, clock).SeedAsync(new DemoDataOptions { Events = rows, Days = days }, cancellationToken: ct);
    }

    private static async Task<DateTimeOffset> NewestRowAsync(IDbContextFactory<LoginAuditDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var newest = await db.LoginLogs.OrderByDescending(log => log.CreatedAt).Select(log => log.CreatedAt).FirstAsync(ct);
        return new DateTimeOffset(DateTime.SpecifyKind(newest, DateTimeKind.Utc)).AddSeconds(1);
    }

    private static async Task<string> BusiestUserAsync(IDbContextFactory<LoginAuditDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.LoginLogs
            .Where(log => log.EventType == LoginEventType.SignInSucceeded && log.UserId != null)
            .GroupBy(log => log.UserId!)
            .OrderByDescending(signIns => signIns.Count())
            .Select(signIns => signIns.Key)
            .FirstAsync(ct);
    }

    private static async Task<Dictionary<string, double>> MeasureAsync(Func<Task> query, CancellationToken ct)
    {
        for (var i = 0; i < WarmUpRuns; i++)
        {
            await query();
        }

        var timings = new double[MeasuredRuns];
        for (var i = 0; i < MeasuredRuns; i++)
        {
            ct.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            await query();
            timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(timings);
        return new Dictionary<string, double>
        {
            ["p50"] = Math.Round(Percentile(timings, 0.50), 2),
            ["p95"] = Math.Round(Percentile(timings, 0.95), 2),
            ["max"] = Math.Round(timings[^1], 2),
        };
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "unknown".</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
