using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Reviews;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Reviews;

/// <summary>
/// Reviews of flagged sign-ins through the real app: by an administrator (the review service the admin page calls) and
/// by the user on /account/sign-ins (its real form and endpoint). A sign-in is flagged by signing in with a script's
/// user agent (<c>BotUserAgent</c>).
/// </summary>
public sealed class SignInReviewTests : AppTest
{
    private const string Email = "nina@example.com";
    private const string OtherEmail = "omar@example.com";
    private const string Script = "python-requests/2.31.0";
    private string userId = "";

    public override async Task InitializeAsync()
    {
        userId = (await App.CreateUserAsync(Email)).Id;
        await App.CreateUserAsync(OtherEmail);
    }

    [Fact]
    public async Task AdminConfirmsCompromised_EndsTheSessionsAndTheNextSignInMustChooseANewPassword()
    {
        var attacker = App.CreateBrowser(Script);
        await attacker.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var flagged = await FlaggedSignInAsync(Email);

        Assert.Equal(ReviewOutcome.Recorded, await ReviewAsAdminAsync(flagged.Id, ReviewVerdict.ConfirmedCompromised));

        Assert.DoesNotContain("You are signed in", await attacker.GetStringAsync("/"));
        var review = Assert.Single(await App.LoginLogsAsync(), row => row.EventType == LoginEventType.SignInConfirmedCompromised);
        Assert.Equal(($"event={flagged.Id}", LoginAuditAppFactory.AdminEmail), (review.ErrorCode, review.UserName));
        Assert.True((await App.WithUsersAsync(users => users.FindByIdAsync(userId)))!.RequiresNewPassword);

        var owner = App.CreateBrowser();
        await owner.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var page = await owner.GetAsync("/account/sign-ins");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.EndsWith("/Account/Manage/ChangePassword", page.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewPassword_AfterCompromise_LiftsTheRequirement()
    {
        await App.CreateBrowser(Script).SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        await ReviewAsAdminAsync((await FlaggedSignInAsync(Email)).Id, ReviewVerdict.ConfirmedCompromised);
        var owner = App.CreateBrowser();
        await owner.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var changed = await owner.SubmitFormAsync("/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = LoginAuditAppFactory.UserPassword,
            ["Input.NewPassword"] = "A-New-Passw0rd!",
            ["Input.ConfirmPassword"] = "A-New-Passw0rd!",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.False((await App.WithUsersAsync(users => users.FindByIdAsync(userId)))!.RequiresNewPassword);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/account/sign-ins")).StatusCode);
    }

    [Fact]
    public async Task AdminConfirmsSafe_WritesTheReviewAndEndsNothing()
    {
        var browser = App.CreateBrowser(Script);
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var flagged = await FlaggedSignInAsync(Email);

        await ReviewAsAdminAsync(flagged.Id, ReviewVerdict.ConfirmedSafe);

        Assert.Contains("You are signed in", await browser.GetStringAsync("/"));
        var reviews = await ReviewsOfAsync(flagged.Id);
        Assert.Equal(ReviewVerdict.ConfirmedSafe, reviews.Verdict);
        Assert.DoesNotContain(await App.LoginLogsAsync(), row => row.EventType == LoginEventType.SessionRevoked);
    }

    [Fact]
    public async Task AdminReview_OfARowThatIsNotFlagged_IsNotReviewable()
    {
        await App.CreateBrowser().SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var row = Assert.Single(await App.LoginLogsAsync());

        Assert.Equal(ReviewOutcome.NotReviewable, await ReviewAsAdminAsync(row.Id, ReviewVerdict.ConfirmedSafe));
        Assert.Single(await App.LoginLogsAsync());
    }

    [Fact]
    public async Task ThisWasntMe_OnMySignIns_EndsMyOtherSessionsAndKeepsThisOne()
    {
        var stranger = App.CreateBrowser(Script);
        await stranger.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var flagged = await FlaggedSignInAsync(Email);
        var mine = App.CreateBrowser();
        await mine.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var response = await mine.SubmitFormAsync("/account/sign-ins", new Dictionary<string, string> { ["verdict"] = "not-mine" }, $"li[data-event='{flagged.Id}'] form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("You are signed in", await stranger.GetStringAsync("/"));
        Assert.Contains("You are signed in", await mine.GetStringAsync("/"));
        var review = Assert.Single(await App.LoginLogsAsync(), row => row.EventType == LoginEventType.SignInDeniedByUser);
        Assert.Equal(($"event={flagged.Id}", userId), (review.ErrorCode, review.UserId));
        Assert.Contains("administrators were told", await mine.GetStringAsync("/account/sign-ins?reviewed=not-mine"));
    }

    [Fact]
    public async Task ThisWasMe_OnMySignIns_IsRecordedAndShownInsteadOfTheButtons()
    {
        var browser = App.CreateBrowser(Script);
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var flagged = await FlaggedSignInAsync(Email);

        await browser.SubmitFormAsync("/account/sign-ins", new Dictionary<string, string> { ["verdict"] = "mine" }, $"li[data-event='{flagged.Id}'] form");

        Assert.Equal(ReviewVerdict.ThisWasMe, (await ReviewsOfAsync(flagged.Id)).Verdict);
        var page = await browser.GetStringAsync("/account/sign-ins");
        Assert.Contains("The user said: this was me", page);
        Assert.DoesNotContain($"li data-event=\"{flagged.Id}\"><form", page);
    }

    [Fact]
    public async Task UserReview_OfSomeoneElsesEvent_IsRefusedAndAudited()
    {
        await App.CreateBrowser(Script).SignInAsync(OtherEmail, LoginAuditAppFactory.UserPassword);
        var othersEvent = await FlaggedSignInAsync(OtherEmail);
        var mine = App.CreateBrowser(Script);
        await mine.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var myEvent = await FlaggedSignInAsync(Email);

        var response = await mine.SubmitFormAsync(
            "/account/sign-ins",
            new Dictionary<string, string> { ["verdict"] = "not-mine", ["eventId"] = othersEvent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"li[data-event='{myEvent.Id}'] form");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var refused = Assert.Single(await App.LoginLogsAsync(), row => row.EventType == LoginEventType.ReviewRefused);
        Assert.Equal((userId, $"event={othersEvent.Id}", LoginFailureReason.NotOwnEvent, false), (refused.UserId, refused.ErrorCode, refused.FailureReason, refused.Succeeded));
        Assert.DoesNotContain(await App.LoginLogsAsync(), row => row.EventType is LoginEventType.SignInDeniedByUser or LoginEventType.SessionRevoked);
    }

    [Fact]
    public async Task UserReview_WithoutAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        var browser = App.CreateBrowser(Script);
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var flagged = await FlaggedSignInAsync(Email);

        var response = await browser.PostAsync("/Account/Manage/ReviewSignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["eventId"] = flagged.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["verdict"] = "not-mine",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await App.LoginLogsAsync());
    }

    [Fact]
    public async Task Reviews_AreSealedIntoTheChainAndLeaveTheReviewedRowUnchanged()
    {
        await App.CreateBrowser(Script).SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var flagged = await FlaggedSignInAsync(Email);
        var sealer = App.Services.GetRequiredService<ChainSealer>();
        await sealer.SealAsync();
        var sealedHash = (await App.LoginLogsAsync()).Single(row => row.Id == flagged.Id).Seal?.ChainHash;

        await ReviewAsAdminAsync(flagged.Id, ReviewVerdict.ConfirmedSafe);
        await sealer.SealAsync();

        var rows = await App.LoginLogsAsync();
        Assert.NotNull(sealedHash);
        Assert.Equal(sealedHash, rows.Single(row => row.Id == flagged.Id).Seal?.ChainHash);
        Assert.NotNull(rows.Single(row => row.EventType == LoginEventType.SignInConfirmedSafe).Seal);
        var verification = await App.Services.GetRequiredService<ChainVerifier>().VerifyAsync();
        Assert.True(verification.Intact, verification.ToString());
    }

    [Fact]
    public async Task EditedReview_BreaksTheChainAtTheReview()
    {
        await App.CreateBrowser(Script).SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        await ReviewAsAdminAsync((await FlaggedSignInAsync(Email)).Id, ReviewVerdict.ConfirmedCompromised);
        await App.Services.GetRequiredService<ChainSealer>().SealAsync();

        var reviewId = await App.WithDatabaseAsync(db => db.LoginLogs
            .Where(row => row.EventType == LoginEventType.SignInConfirmedCompromised).Select(row => row.Id).SingleAsync());
        await App.WithDatabaseAsync(db => db.Database.ExecuteSqlAsync($"UPDATE login_logs SET event_type = 'SignInConfirmedSafe' WHERE id = {reviewId}"));

        var verification = await App.Services.GetRequiredService<ChainVerifier>().VerifyAsync();
        Assert.False(verification.Intact);
        Assert.Equal((ChainBreakKind.EditedRow, reviewId), (verification.Break, verification.FirstBadId));
    }

    private async Task<LoginLog> FlaggedSignInAsync(string email) =>
        Assert.Single(await App.LoginLogsAsync(), row => row.UserName == email && row.EventType == LoginEventType.SignInSucceeded && row.Suspicious);

    private async Task<ReviewOutcome> ReviewAsAdminAsync(long eventId, ReviewVerdict verdict)
    {
        var admin = await App.WithUsersAsync(users => users.FindByEmailAsync(LoginAuditAppFactory.AdminEmail));
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInReviews>().ReviewAsAdminAsync(eventId, verdict, admin!.Id, admin.UserName);
    }

    private async Task<SignInReview> ReviewsOfAsync(long eventId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<SignInReviews>().NewestReviewsAsync([eventId]))[eventId];
    }
}
