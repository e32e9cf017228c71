using Bunit;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Reviews;
using LoginAudit.Web.Components.Pages.Admin.Suspicion;
using LoginAudit.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Pages.Admin.Suspicion;

/// <summary>The review buttons of a flagged event's details (README, "Reviews").</summary>
public sealed class EventReviewTests : PageTest
{
    private long flaggedId;

    protected override async Task SeedAsync()
    {
        var flagged = Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-5), userId: "u-ada", userName: "ada@example.com", sessionId: "s-ada");
        flagged.Suspicious = true;
        flagged.SuspiciousReasons = "BotUserAgent";
        await Database.AddAsync(User("u-ada", "ada@example.com"), User(AdminId, AdminName), flagged);
        flaggedId = flagged.Id;
        SignInAsAdmin();
    }

    [Fact]
    public void Review_NotYetReviewed_SaysSo()
    {
        var review = Render<EventReview>(parameters => parameters.Add(p => p.EventId, flaggedId));

        review.WaitForAssertion(() => Assert.Equal("Not reviewed yet.", review.Find(".event-review-state").TextContent.Trim()));
    }

    [Fact]
    public async Task ConfirmSafe_Click_WritesTheReviewRowAndShowsWhoReviewed()
    {
        var review = Render<EventReview>(parameters => parameters.Add(p => p.EventId, flaggedId));
        review.WaitForAssertion(() => review.Find(".review-safe"));

        review.Find("button.review-safe").Click();

        review.WaitForAssertion(() => Assert.StartsWith($"{Words.Verdict(ReviewVerdict.ConfirmedSafe)} by {AdminName}", review.Find(".event-review-state").TextContent.Trim()));
        await using var db = Database.CreateDbContext();
        var row = await db.LoginLogs.SingleAsync(log => log.EventType == LoginEventType.SignInConfirmedSafe);
        Assert.Equal(($"event={flaggedId}", AdminId), (row.ErrorCode, row.UserId));
    }
}
