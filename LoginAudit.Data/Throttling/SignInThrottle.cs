using System.Net;
using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Throttling;

/// <summary>Which throttling limit refused an attempt; stored in <c>login_logs.error_code</c> of its <see cref="LoginEventType.RateLimited"/> row.</summary>
public enum ThrottleLimit
{
    UserNameFailuresPerAddress,
    FailuresPerAddress,
    UserNamesPerAddress,

    /// <summary>A browser with a device cookie for the account failed <see cref="ThrottlingSettings.DeviceFailures"/> times.</summary>
    DeviceFailures,
}

/// <param name="RetryAfter">When the oldest counted failure leaves the window, at least one second.</param>
public sealed record ThrottleDecision(ThrottleLimit Limit, TimeSpan RetryAfter);

/// <summary>
/// Decides whether a sign-in attempt may reach the password check, from the failures already audited in
/// <c>login_logs</c> (indexed reads by address) plus the attempts of that address still in flight. Successes are
/// never counted, and neither are refused attempts, so a refusal lifts once the failures that caused it age out.
/// </summary>
/// <remarks>
/// The check and the admission of an attempt run under one lock per address. An attempt that would be refused only
/// if the attempts still in flight all failed waits until one of them is answered (its row committed by then) and
/// is decided again: a burst of concurrent requests gets no more tries than the same requests one after another,
/// and successes in flight never cause a refusal.
/// </remarks>
public sealed partial class SignInThrottle(
    IDbContextFactory<LoginAuditDbContext> contexts,
    IOptions<LoginAuditOptions> options,
    LoginAuditRecorder recorder,
    DeviceFailures deviceFailures,
    TimeProvider clock,
    ILogger<SignInThrottle> logger)
{
    /// <summary>The rows that count against a limit: failed password checks, not refusals.</summary>

    // Striped: a bounded number of locks whatever the number of addresses; two addresses sharing one only wait on each other.
    private readonly SemaphoreSlim[] gates = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly InFlightAttempts inFlight = new();

    /// <summary>
    /// Admits the attempt (dispose the result once it has been answered) or refuses it; a refusal is audited here as
    /// a <see cref="LoginEventType.RateLimited"/> row, at most <see cref="ThrottlingSettings.RefusalRowsPerAddress"/>
    /// of them per address and window.
    /// </summary>
    /// <param name="deviceId">The device cookie's id when the browser holds one for this account: then the device's own
    /// failures decide, not the address's (<see cref="DeviceCookies"/>).</param>
    public async Task<SignInAttempt> BeginAsync(
        IPAddress? clientAddress, string? userName, string? deviceId, SignInMethod method, CancellationToken cancellationToken)
    {
        // The address and name as the recorder stores them, so that the failures it wrote are found.
        var ipAddress = LoginAuditRecorder.ClientAddress(clientAddress);
        var name = AuditText.Clean(userName, LoginLogLimits.UserName)?.ToLowerInvariant();
        if (ipAddress is null)
        {
            return SignInAttempt.Unthrottled;
        }

        // A device's attempts wait for, and count, only the same device's attempts in flight.
        var key = deviceId is null ? ipAddress : $"device:{deviceId}";
        var gate = gates[(StringComparer.Ordinal.GetHashCode(key) & int.MaxValue) % gates.Length];
        while (true)
        {
            Task released;
            await gate.WaitAsync(cancellationToken);
            try
            {
                // The attempts in flight are taken before the rows are read: one answered in between is then counted
                // twice (and this attempt decided again once it is seen answered), never missed.
                var (pending, answered) = inFlight.Of(key);
                var settings = options.Value.Throttling;
                var now = clock.GetUtcNow().UtcDateTime;
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var failures = deviceId is null
                    ? await FailuresAsync(db, ipAddress, name, now - settings.Window, cancellationToken)
                    : null;
                var ofDevice = deviceId is null ? default : await deviceFailures.SinceAsync(deviceId, now - settings.Window, cancellationToken);
                if (Decide(failures, ofDevice, [], name, now) is { } refusal)
                {
                    await AuditRefusalAsync(db, ipAddress, userName, method, refusal, now - settings.Window, cancellationToken);
                    return new SignInAttempt(refusal, null, null);
                }

                if (Decide(failures, ofDevice, pending, name, now) is null)
                {
                    var failed = deviceId is null ? null : (Func<Task>)(() => CountDeviceFailureAsync(deviceId));
                    return new SignInAttempt(null, inFlight.Add(key, name), failed);
                }

                // Only if the attempts in flight all failed would this one be refused: it waits for one of them
                // to be answered (its row committed), never refused for what may yet be a success.
                released = answered;
            }
            finally
            {
                gate.Release();
            }

            await released.WaitAsync(cancellationToken);
        }
    }

    private async Task CountDeviceFailureAsync(string deviceId)
    {
        try
        {
            await deviceFailures.AddAsync(deviceId, clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The failure's row is written; only the device's count misses one, which must not fail the answer.
            LogDeviceFailureNotCounted(exception);
        }
    }

    private async Task<AddressFailures> FailuresAsync(LoginAuditDbContext db, string ipAddress, string? name, DateTime since, CancellationToken cancellationToken)
    {
        var settings = options.Value.Throttling;
        var failures = db.LoginLogs.Where(log => log.IpAddress == ipAddress && LoginEventTypes.Failures.Contains(log.EventType) && log.CreatedAt >= since);
        var byAddress = await failures
            .GroupBy(_ => 1)
            .Select(group => new Counted(group.Count(), group.Min(log => log.CreatedAt)))
            .SingleOrDefaultAsync(cancellationToken);
        if (byAddress is null)
        {
            return new AddressFailures(null, [], null);
        }

        // Complete whenever it is shorter than the limit, which is all the decision needs.
        var names = await failures.Where(log => log.UserName != null).Select(log => log.UserName!.ToLower()).Distinct()
            .Take(settings.UserNamesPerAddress).ToListAsync(cancellationToken);
        var byName = name is null
            ? null
            : await failures
                .Where(log => log.UserName!.ToLower() == name)
                .GroupBy(_ => 1)
                .Select(group => new Counted(group.Count(), group.Min(log => log.CreatedAt)))
                .SingleOrDefaultAsync(cancellationToken);
        return new AddressFailures(byAddress, names, byName);
    }

    /// <summary>
    /// The decision if each of <paramref name="pending"/> (attempts in flight, by name) were a failure made now: by the
    /// address's <paramref name="failures"/>, or when null (a device cookie) by the device's.
    /// </summary>
    private ThrottleDecision? Decide(AddressFailures? failures, (int Count, DateTime? Oldest) ofDevice, IReadOnlyList<string?> pending, string? name, DateTime now)
    {
        var settings = options.Value.Throttling;
        if (failures is null)
        {
            var (count, oldestOfDevice) = ofDevice;
            return count + pending.Count >= settings.DeviceFailures ? Refuse(ThrottleLimit.DeviceFailures, oldestOfDevice ?? now) : null;
        }

        var oldest = failures.ByAddress?.Oldest ?? now;
        if ((failures.ByAddress?.Count ?? 0) + pending.Count >= settings.FailuresPerAddress)
        {
            return Refuse(ThrottleLimit.FailuresPerAddress, oldest);
        }

        if (failures.Names.Union(pending.OfType<string>()).Count() >= settings.UserNamesPerAddress)
        {
            return Refuse(ThrottleLimit.UserNamesPerAddress, oldest);
        }

        return name is not null && (failures.ByName?.Count ?? 0) + pending.Count(pendingName => pendingName == name) >= settings.UserNameFailuresPerAddress
            ? Refuse(ThrottleLimit.UserNameFailuresPerAddress, failures.ByName?.Oldest ?? now)
            : null;

        ThrottleDecision Refuse(ThrottleLimit limit, DateTime oldestCounted)
        {
            var retryAfter = oldestCounted + settings.Window - now;
            return new ThrottleDecision(limit, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
        }
    }

    private async Task AuditRefusalAsync(
        LoginAuditDbContext db, string ipAddress, string? userName, SignInMethod method, ThrottleDecision refusal, DateTime since, CancellationToken cancellationToken)
    {
        var settings = options.Value.Throttling;
        var audited = await db.LoginLogs.CountAsync(
            log => log.IpAddress == ipAddress && log.EventType == LoginEventType.RateLimited && log.CreatedAt >= since, cancellationToken);
        if (audited >= settings.RefusalRowsPerAddress)
        {
            return;
        }

        LogRefused(ipAddress, refusal.Limit);
        if (audited + 1 == settings.RefusalRowsPerAddress)
        {
            LogFurtherRefusalsNotAudited(ipAddress, settings.Window);
        }

        try
        {
            await recorder.RecordAsync(new AuditEvent(LoginEventType.RateLimited)
            {
                UserName = userName,
                FailureReason = LoginFailureReason.RateLimited,
                ErrorCode = refusal.Limit.ToString(),
                SignInMethod = method,
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The attempt is refused either way; a refusal that cannot be audited must not turn into an error page.
            LogRefusalNotAudited(exception, refusal.Limit);
        }
    }

    [LoggerMessage(EventId = 4150, Level = LogLevel.Warning, Message = "Sign-in attempt from {IpAddress} refused by the throttling limit {Limit}.")]
    private partial void LogRefused(string ipAddress, ThrottleLimit limit);

    [LoggerMessage(EventId = 4151, Level = LogLevel.Error, Message = "A sign-in attempt refused by {Limit} could not be audited; it is refused anyway.")]
    private partial void LogRefusalNotAudited(Exception exception, ThrottleLimit limit);

    [LoggerMessage(EventId = 4153, Level = LogLevel.Warning, Message = "A failed sign-in of a browser with a device cookie could not be counted against its device.")]
    private partial void LogDeviceFailureNotCounted(Exception exception);

    [LoggerMessage(EventId = 4152, Level = LogLevel.Warning, Message = "Further refused sign-in attempts from {IpAddress} are neither audited nor logged for up to {Window}.")]
    private partial void LogFurtherRefusalsNotAudited(string ipAddress, TimeSpan window);

    /// <summary>The attempts admitted and not yet answered, by address: the user name of each (lower case, cleaned).</summary>
    private sealed class InFlightAttempts
    {
        private readonly Dictionary<string, List<string?>> byAddress = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TaskCompletionSource> releases = new(StringComparer.Ordinal);

        /// <summary>
        /// The address's attempts in flight, and a task that completes when one of them is answered (at once when
        /// there are none), so that no answer between this snapshot and a wait on it goes unheard.
        /// </summary>
        public (List<string?> Names, Task Answered) Of(string ipAddress)
        {
            lock (byAddress)
            {
                if (!byAddress.TryGetValue(ipAddress, out var names))
                {
                    return ([], Task.CompletedTask);
                }

                if (!releases.TryGetValue(ipAddress, out var release))
                {
                    releases[ipAddress] = release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return ([.. names], release.Task);
            }
        }

        public IDisposable Add(string ipAddress, string? name)
        {
            lock (byAddress)
            {
                if (!byAddress.TryGetValue(ipAddress, out var names))
                {
                    byAddress[ipAddress] = names = [];
                }

                names.Add(name);
            }

            return new Release(() =>
            {
                lock (byAddress)
                {
                    var names = byAddress[ipAddress];
                    names.Remove(name);
                    if (names.Count == 0)
                    {
                        byAddress.Remove(ipAddress);
                    }

                    if (releases.Remove(ipAddress, out var waiting))
                    {
                        waiting.SetResult();
                    }
                }
            });
        }

        private sealed class Release(Action release) : IDisposable
        {
            private int released;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref released, 1) == 0)
                {
                    release();
                }
            }
        }
    }
}

internal sealed record Counted(int Count, DateTime Oldest);

/// <summary>An address's failures within the window: all of them, the distinct names (up to the limit), those of one name.</summary>
internal sealed record AddressFailures(Counted? ByAddress, List<string> Names, Counted? ByName);

/// <summary>
/// One sign-in attempt's admission: refused (with the limit), or admitted until disposed. Set as a feature of its
/// request, so that the recorder can count a failure against the attempt's device.
/// </summary>
public sealed class SignInAttempt(ThrottleDecision? refusal, IDisposable? reservation, Func<Task>? failed) : IDisposable
{
    internal static readonly SignInAttempt Unthrottled = new(null, null, null);

    public ThrottleDecision? Refusal { get; } = refusal;

    /// <summary>The attempt's failure row was written.</summary>
    internal Task FailedAsync() => failed?.Invoke() ?? Task.CompletedTask;

    public void Dispose() => reservation?.Dispose();
}
