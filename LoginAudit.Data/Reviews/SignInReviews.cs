using System.Globalization;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Reviews;

/// <summary>What a reviewer said about a flagged event.</summary>
public enum ReviewVerdict
{
    /// <summary>An administrator: the sign-in was the account's owner.</summary>
    ConfirmedSafe,

    /// <summary>An administrator: someone else got in. The account's sessions end and it must choose a new password.</summary>
    ConfirmedCompromised,

    /// <summary>The account's owner: "This was me".</summary>
    ThisWasMe,

    /// <summary>The account's owner: "This wasn't me". Their other sessions end and the administrators are told.</summary>
    ThisWasNotMe,
}

/// <summary>One of a user's own flagged sign-ins, with its newest review if any.</summary>
public sealed record FlaggedSignIn(LoginLog SignIn, SignInReview? Review);

/// <summary>The newest review of an event: the verdict, who gave it and when (from its own <c>login_logs</c> row).</summary>
public sealed record SignInReview(long EventId, ReviewVerdict Verdict, string? ReviewerId, string? ReviewerName, DateTime ReviewedAt);

public enum ReviewOutcome
{
    Recorded,

    /// <summary>No such event, or not one that can be reviewed (only flagged sign-in attempts can).</summary>
    NotReviewable,

    /// <summary>A user tried to review someone else's event: refused, and audited as <see cref="LoginEventType.ReviewRefused"/>.</summary>
    Refused,
}

/// <summary>
/// Reviews of flagged events (README, "Reviews"). A review never edits the reviewed row (sealed rows are append-only):
/// it is a <c>login_logs</c> row of its own, sealed into the hash chain like every other, whose event type is the
/// verdict, whose user is the reviewer and whose <c>error_code</c> is <c>event=&lt;id&gt;</c> of the reviewed row.
/// </summary>
public sealed partial class SignInReviews(
    IDbContextFactory<LoginAuditDbContext> contexts,
    LoginAuditRecorder recorder,
    UserManager<ApplicationUser> users,
    SessionRevocation revocation,
    IEmailSender email,
    ILogger<SignInReviews> logger)
{
    public static readonly IReadOnlyList<LoginEventType> ReviewEventTypes =
    [
        LoginEventType.SignInConfirmedSafe, LoginEventType.SignInConfirmedCompromised,
        LoginEventType.SignInConfirmedByUser, LoginEventType.SignInDeniedByUser,
    ];

    public static string EventCode(long eventId) => string.Create(CultureInfo.InvariantCulture, $"event={eventId}");

    /// <summary>An administrator's review: <see cref="ReviewVerdict.ConfirmedSafe"/> or <see cref="ReviewVerdict.ConfirmedCompromised"/>.</summary>
    public async Task<ReviewOutcome> ReviewAsAdminAsync(long eventId, ReviewVerdict verdict, string adminId, string? adminName)
    {
        if (verdict is not (ReviewVerdict.ConfirmedSafe or ReviewVerdict.ConfirmedCompromised))
        {
            throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "An administrator confirms an event safe or compromised.");
        }

        if (await ReviewableAsync(eventId) is not { } reviewed)
        {
            return ReviewOutcome.NotReviewable;
        }

        await RecordAsync(verdict == ReviewVerdict.ConfirmedSafe ? LoginEventType.SignInConfirmedSafe : LoginEventType.SignInConfirmedCompromised, eventId, adminId, adminName);
        if (verdict == ReviewVerdict.ConfirmedCompromised && reviewed.UserId is { } userId && await users.FindByIdAsync(userId) is { } user)
        {
            user.RequiresNewPassword = true;
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded)
            {
                throw new InvalidOperationException($"Could not require a new password of user '{userId}'.");
            }

            await revocation.EndSessionsAsync(userId, SessionRevoker.EndedByAdmin, adminId);
        }

        return ReviewOutcome.Recorded;
    }

    /// <summary>
    /// The account owner's review of their own flagged sign-in. Anyone else's event is refused and audited; "This
    /// wasn't me" ends the user's other sessions (not <paramref name="currentSessionId"/>) and e-mails the administrators.
    /// </summary>
    public async Task<ReviewOutcome> ReviewAsUserAsync(long eventId, bool wasMe, string userId, string? userName, string? currentSessionId)
    {
        var reviewed = await ReviewableAsync(eventId);
        if (reviewed is null || reviewed.UserId != userId)
        {
            // Whether the event exists is not told: someone else's event and no event look the same.
            await recorder.RecordAsync(new AuditEvent(LoginEventType.ReviewRefused)
            {
                UserId = userId,
                UserName = userName,
                FailureReason = LoginFailureReason.NotOwnEvent,
                ErrorCode = EventCode(eventId),
            });
            LogReviewRefused(userId, eventId);
            return ReviewOutcome.Refused;
        }

        await RecordAsync(wasMe ? LoginEventType.SignInConfirmedByUser : LoginEventType.SignInDeniedByUser, eventId, userId, userName);
        if (!wasMe)
        {
            await revocation.EndSessionsAsync(userId, SessionRevoker.EndedByUser, userId, keepSessionId: currentSessionId);
            await TellAdministratorsAsync(reviewed, userName);
        }

        return ReviewOutcome.Recorded;
    }

    /// <summary>The user's own flagged sign-ins since <paramref name="sinceUtc"/>, newest first, each with its newest review.</summary>
    public async Task<IReadOnlyList<FlaggedSignIn>> FlaggedSignInsAsync(string userId, DateTime sinceUtc, int max = 20)
    {
        List<LoginLog> flagged;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            flagged = await db.LoginLogs.AsNoTracking()
                .Where(log => log.Suspicious && log.UserId == userId && log.EventType == LoginEventType.SignInSucceeded && log.CreatedAt >= sinceUtc)
                .OrderByDescending(log => log.CreatedAt)
                .ThenByDescending(log => log.Id)
                .Take(max)
                .ToListAsync();
        }

        var reviews = await NewestReviewsAsync(flagged.Select(log => log.Id));
        return flagged.Select(log => new FlaggedSignIn(log, reviews.GetValueOrDefault(log.Id))).ToList();
    }

    /// <summary>The newest review of each of <paramref name="eventIds"/> that has one.</summary>
    public async Task<IReadOnlyDictionary<long, SignInReview>> NewestReviewsAsync(IEnumerable<long> eventIds, CancellationToken cancellationToken = default)
    {
        var codes = eventIds.Distinct().Select(EventCode).ToList();
        if (codes.Count == 0)
        {
            return new Dictionary<long, SignInReview>();
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.LoginLogs.AsNoTracking()
            .Where(log => ReviewEventTypes.Contains(log.EventType) && codes.Contains(log.ErrorCode!))
            .OrderBy(log => log.Id)
            .Select(log => new { log.ErrorCode, log.EventType, log.UserId, log.UserName, log.CreatedAt })
            .ToListAsync(cancellationToken);
        var newest = new Dictionary<long, SignInReview>();
        foreach (var row in rows)
        {
            var eventId = long.Parse(row.ErrorCode!["event=".Length..], CultureInfo.InvariantCulture);
            newest[eventId] = new SignInReview(eventId, VerdictOf(row.EventType), row.UserId, row.UserName, DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc));
        }

        return newest;
    }

    private static ReviewVerdict VerdictOf(LoginEventType type) => type switch
    {
        LoginEventType.SignInConfirmedSafe => ReviewVerdict.ConfirmedSafe,
        LoginEventType.SignInConfirmedCompromised => ReviewVerdict.ConfirmedCompromised,
        LoginEventType.SignInConfirmedByUser => ReviewVerdict.ThisWasMe,
        LoginEventType.SignInDeniedByUser => ReviewVerdict.ThisWasNotMe,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a review event type."),
    };

    /// <summary>A flagged sign-in attempt with this id, or null.</summary>
    private async Task<LoginLog?> ReviewableAsync(long eventId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.LoginLogs.AsNoTracking().SingleOrDefaultAsync(log => log.Id == eventId && log.Suspicious);
    }

    private Task RecordAsync(LoginEventType type, long eventId, string reviewerId, string? reviewerName) =>
        recorder.RecordAsync(new AuditEvent(type) { UserId = reviewerId, UserName = reviewerName, ErrorCode = EventCode(eventId) });

    /// <summary>Best effort: the review is recorded and the sessions ended whether or not mail goes out.</summary>
    private async Task TellAdministratorsAsync(LoginLog reviewed, string? userName)
    {
        try
        {
            foreach (var admin in await users.GetUsersInRoleAsync(AdminAccountInitializer.AdminRole))
            {
                if (admin.Email is { } address)
                {
                    await email.SendEmailAsync(
                        address,
                        "A user reported a sign-in that was not theirs",
                        $"<p>{System.Net.WebUtility.HtmlEncode(userName ?? reviewed.UserId)} said \"This wasn't me\" about the sign-in {reviewed.Id} of "
                        + $"{reviewed.CreatedAt:yyyy-MM-dd HH:mm} UTC from {System.Net.WebUtility.HtmlEncode(reviewed.IpAddress ?? "an unknown address")}. "
                        + "Their other sessions were ended. Review it on the Suspicious page.</p>");
                }
            }
        }
        catch (Exception exception)
        {
            LogAdministratorsNotTold(exception, reviewed.Id);
        }
    }

    [LoggerMessage(EventId = 4180, Level = LogLevel.Warning, Message = "User {UserId} tried to review event {EventId}, which is not theirs; refused.")]
    private partial void LogReviewRefused(string userId, long eventId);

    [LoggerMessage(EventId = 4181, Level = LogLevel.Error, Message = "The administrators could not be told that the user of event {EventId} denied it.")]
    private partial void LogAdministratorsNotTold(Exception exception, long eventId);
}
