using System.Globalization;
using LoginAudit.Data;
using LoginAudit.Data.DemoData;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Web.Commands;

/// <summary><c>seed-demo</c>: fills the configured database with demo history (see <see cref="DemoDataSeeder"/>).</summary>
internal static class SeedDemoCommand
{
    public static async Task<int> RunAsync(
        IServiceProvider services, int events, int users, int days, bool force, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var contextFactory = services.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>();
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var options = new DemoDataOptions { Events = events, Users = users, Days = days, Force = force };

        try
        {
            await using (var db = await contextFactory.CreateDbContextAsync(ct))
            {
                await db.MigrateLoginAuditDatabaseAsync(ct);
            }

            var seeder = services.GetService<DemoDataSeeder>() ?? new DemoDataSeeder(contextFactory, timeProvider);
            var progress = new SynchronousProgress<DemoSeedProgress>(step =>
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step.EventsWritten:N0} / {step.EventsTotal:N0} rows")));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeding {events:N0} demo events for {users} users over {days} days..."));
            var result = await seeder.SeedAsync(options, progress, ct);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Seeded {result.Events:N0} rows ({result.Users} users, {result.Sessions:N0} sessions, {result.ActiveSessions} active) in {result.Elapsed.TotalSeconds:F1} s: {result.RowsPerSecond:N0} rows/s."));
            return 0;
        }
        catch (DemoDataRefusedException refused)
        {
            error.WriteLine(refused.Message);
            return 1;
        }
        catch (ArgumentOutOfRangeException invalid)
        {
            error.WriteLine(invalid.Message);
            return 1;
        }
    }

    /// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
