using System.Data.Common;
using System.Net;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Throttling;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Throttling;

/// <summary>
/// The throttle's admission when an attempt in flight is answered while another attempt of its address is being
/// decided: the answer lands between the decision's reads, where a burst could otherwise slip one try past the limit.
/// </summary>
public sealed class SignInThrottleInFlightTests() : AppTest(settings =>
{
    settings["LoginAudit:Throttling:FailuresPerAddress"] = "3";
    settings["LoginAudit:Throttling:UserNamesPerAddress"] = "100";
    settings["LoginAudit:Throttling:UserNameFailuresPerAddress"] = "100";
})
{
    private static readonly IPAddress Attacker = IPAddress.Parse("198.51.100.67");

    [Fact]
    public async Task AttemptInFlight_AnsweredAsAFailureWhileTheNextIsDecided_IsCountedAndTheNextRefused()
    {
        var answerInFlight = new AnswerOnFirstRead();
        var throttle = ActivatorUtilities.CreateInstance<SignInThrottle>(App.Services, new InterceptedContexts(App.Services, answerInFlight));
        await App.WithDatabaseAsync(async db =>
        {
            db.LoginLogs.AddRange(Failure("first@example.com"), Failure("second@example.com"));
            return await db.SaveChangesAsync();
        });
        var inFlight = await throttle.BeginAsync(Attacker, "third@example.com", null, SignInMethod.Password, CancellationToken.None);
        Assert.Null(inFlight.Refusal);

        // The third failure commits and its attempt is answered just after the next attempt has read the failures.
        answerInFlight.Arm(async () =>
        {
            await App.WithDatabaseAsync(async db =>
            {
                db.LoginLogs.Add(Failure("third@example.com"));
                return await db.SaveChangesAsync();
            });
            inFlight.Dispose();
        });
        using var next = await throttle.BeginAsync(Attacker, "fourth@example.com", null, SignInMethod.Password, CancellationToken.None);

        Assert.True(answerInFlight.Fired);
        Assert.Equal(ThrottleLimit.FailuresPerAddress, next.Refusal?.Limit);
    }

    private LoginLog Failure(string userName) =>
        LoginLogSeed.Log(LoginEventType.SignInFailed, App.Clock.GetUtcNow().UtcDateTime, userName: userName, reason: LoginFailureReason.InvalidPassword, ip: Attacker.ToString());

    /// <summary>The app's own database options with one interceptor added, for a throttle of the test's own.</summary>
    private sealed class InterceptedContexts(IServiceProvider services, IInterceptor interceptor) : IDbContextFactory<LoginAuditDbContext>
    {
        private readonly DbContextOptions<LoginAuditDbContext> options = new DbContextOptionsBuilder<LoginAuditDbContext>(
            services.GetRequiredService<DbContextOptions<LoginAuditDbContext>>()).AddInterceptors(interceptor).Options;

        public LoginAuditDbContext CreateDbContext() => new(options);
    }

    /// <summary>Once armed, runs its action after the next query has run and before its rows are read, then never again.</summary>
    private sealed class AnswerOnFirstRead : DbCommandInterceptor
    {
        private Func<Task>? action;

        public bool Fired { get; private set; }

        public void Arm(Func<Task> answer) => action = answer;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref action, null) is not { } answer)
            {
                return result;
            }

            // The query has run (its snapshot taken: SQLite has stepped to the first row, PostgreSQL has sent it).
            await answer();
            Fired = true;
            return result;
        }
    }
}
