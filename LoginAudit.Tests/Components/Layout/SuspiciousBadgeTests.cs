using LoginAudit.Data.Auditing;
using LoginAudit.Data.Live;
using LoginAudit.Tests.ComponentTesting;
using LoginAudit.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Layout;

public sealed class SuspiciousBadgeTests : ComponentTestContext
{
    public SuspiciousBadgeTests() => Services.AddSingleton<LoginEventFeed>();

    private LoginEventFeed Feed => ServiceProvider.GetRequiredService<LoginEventFeed>();

    private static LoginLog Event(bool suspicious) =>
        Log(LoginEventType.SignInSucceeded, Now, "u-ada", "ada@example.com", suspicious: suspicious);

    private RenderedComponent<SuspiciousBadge> RenderSubscribed()
    {
        var badge = Render<SuspiciousBadge>();
        badge.WaitForState(() => Feed.SubscriberCount == 1);
        return badge;
    }

    [Fact]
    public void SuspiciousBadge_NothingPublished_ShowsNoBadge()
    {
        var badge = RenderSubscribed();

        Assert.Empty(badge.FindAll(".suspicious-badge"));
    }

    [Fact]
    public void SuspiciousBadge_SuspiciousEventsPublished_CountsOnlyThem()
    {
        var badge = RenderSubscribed();

        Feed.Publish(Event(suspicious: true));
        Feed.Publish(Event(suspicious: false));
        Feed.Publish(Event(suspicious: true));

        badge.WaitForAssertion(() => Assert.Equal("2 new suspicious events", badge.Find(".suspicious-badge").TextContent.Trim()));
    }

    [Fact]
    public void SuspiciousBadge_AdminOpensTheSuspiciousPage_ResetsTheCount()
    {
        var badge = RenderSubscribed();
        Feed.Publish(Event(suspicious: true));
        badge.WaitForAssertion(() => Assert.NotEmpty(badge.FindAll(".suspicious-badge")));

        Navigation.NavigateTo("admin/suspicious?range=7d");

        badge.WaitForAssertion(() => Assert.Empty(badge.FindAll(".suspicious-badge")));
    }

    [Fact]
    public async Task SuspiciousBadge_Disposed_StopsListeningToTheFeed()
    {
        RenderSubscribed();
        var feed = Feed;

        await DisposeAsync();

        Assert.Equal(0, feed.SubscriberCount);
    }
}
