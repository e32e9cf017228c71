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
using LoginAudit.Data.UserActivity;
using LoginAudit.Data.UserAgents;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace LoginAudit.Web.Commands;

/// <summary>
/// <c>bench</c>: times the dashboard queries on a demo database of <c>rows</c> rows and prints one JSON object.
/// </summary>
/// <remarks>
/// The database is the bench's own file in the temp folder (<c>loginaudit-bench/bench-ROWS.db</c>), never the
/// configured one; it is seeded once and reused while it holds exactly <c>rows</c> rows. Queries run with "now" at
/// the newest row, so a reused file measures the same ranges. Each query runs 3 times to warm up, then 30 times.
/// </remarks>
internal static class BenchCommand
{
    private const int WarmUpRuns = 3;
    private const int MeasuredRuns = 30;

    /// <summary>When the bench file is reused, a fresh seed of this many rows measures the seeder's speed.</summary>
    private const int SeedSpeedRows = 100_000;

    public static async Task<int> RunAsync(IServiceProvider services, int rows, TextWriter output, CancellationToken ct)
    {
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "loginaudit-bench")).FullName;
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"bench-{rows}.db"));
        var factory = CreateFactory(path);

        var seedFigures = new Dictionary<string, object>();
        if (await CountRowsAsync(factory, ct) != rows)
        {
            DeleteDatabase(path);
            factory = CreateFactory(path);
            var seeded = await SeedAsync(factory, rows, clock, ct);
            seedFigures["seed_rows"] = seeded.Events;
            seedFigures["seed_rows_per_second"] = Math.Round(seeded.RowsPerSecond);
        }
        else
        {
            var speedPath = Path.Combine(directory, "seed-speed.db");
            DeleteDatabase(speedPath);
            var seeded = await SeedAsync(CreateFactory(speedPath), SeedSpeedRows, clock, ct);
            SqliteConnection.ClearAllPools();
            DeleteDatabase(speedPath);
            seedFigures["seed_rows"] = seeded.Events;
            seedFigures["seed_rows_per_second"] = Math.Round(seeded.RowsPerSecond);
            seedFigures["bench_database_reused"] = true;
        }

        // The dashboard services get a factory that can record their SQL, to time the same commands without EF.
        var replay = new RawSqlReplay();
        factory = CreateFactory(path, replay);
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
        var rawConnection = (SqliteConnection)rawDb.Database.GetDbConnection();
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
        await Measure("overview_30d", () => overview.GetAsync(month, cancellationToken: ct));
        await Measure("overview_7d", () => overview.GetAsync(week, cancellationToken: ct));
        await Measure("overview_24h", () => overview.GetAsync(day, cancellationToken: ct));
        await Measure("users_page_by_last_sign_in", () => users.GetUsersAsync(
            new UserListQuery(month.From, month.To, Sort: UserListSort.LastSignIn), ct));
        await Measure("user_timeline_30d_busiest_user", () => users.GetTimelineAsync(busiestUser, month, cancellationToken: ct));
        await Measure("my_sign_ins_busiest_user", () => users.GetMySignInsAsync(busiestUser, cancellationToken: ct));

        var report = new Dictionary<string, object>
        {
            ["rows"] = rows,
            ["machine"] = new Dictionary<string, object>
            {
                ["processors"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["sqlite"] = await SqliteVersionAsync(factory, ct),

                // The machine may be shared: the load says how much the figures were disturbed.
                ["load_average_before"] = loadBefore,
                ["load_average_after"] = LoadAverage(),
            },
            ["database"] = path,
            ["database_bytes_per_row"] = await BytesPerRowAsync(factory, rows, ct),
            ["runs"] = MeasuredRuns,
            ["seed"] = seedFigures,
            ["queries_ms"] = results,
            ["query_plans"] = plans,
            ["operations"] = await OperationsBench.RunAsync(factory, path, directory, ct),
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static IDbContextFactory<LoginAuditDbContext> CreateFactory(string path, RawSqlReplay? replay = null)
    {
        var options = new DbContextOptionsBuilder<LoginAuditDbContext>().UseSqlite(SqliteConnectionStrings.Normalize($"Data Source={path}"));
        LoginAuditDbContext.UseIdentitySchema(options);
        if (replay is not null)
        {
            options.AddInterceptors(replay);
        }

        return new PooledDbContextFactory<LoginAuditDbContext>(options.Options);
    }

    private static async Task<long> CountRowsAsync(IDbContextFactory<LoginAuditDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.MigrateLoginAuditDatabaseAsync(ct);
        return await db.LoginLogs.LongCountAsync(ct);
    }

    private static async Task<DemoSeedResult> SeedAsync(
        IDbContextFactory<LoginAuditDbContext> factory, int rows, TimeProvider clock, CancellationToken ct)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await db.MigrateLoginAuditDatabaseAsync(ct);
        }

        return await new DemoDataSeeder(factory, clock).SeedAsync(new DemoDataOptions { Events = rows }, cancellationToken: ct);
    }

    /// <summary>Deletes a bench database file with its WAL and shared-memory files.</summary>
    internal static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
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
        return await db.Database.SqlQuery<string>($"""
            SELECT user_id AS "Value" FROM login_logs WHERE event_type = 'SignInSucceeded' AND user_id IS NOT NULL
            GROUP BY user_id ORDER BY COUNT(*) DESC LIMIT 1
            """).SingleAsync(ct);
    }

    /// <summary>The pages in use (free pages left out), every table, index and search index included, over the rows.</summary>
    private static async Task<double> BytesPerRowAsync(IDbContextFactory<LoginAuditDbContext> factory, int rows, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var used = await db.Database.SqlQuery<long>($"""
            SELECT (page_count - freelist_count) * page_size AS "Value" FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()
            """).SingleAsync(ct);
        return Math.Round((double)used / rows);
    }

    private static async Task<string> SqliteVersionAsync(IDbContextFactory<LoginAuditDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Database.SqlQuery<string>($"SELECT sqlite_version() AS \"Value\"").SingleAsync(ct);
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
