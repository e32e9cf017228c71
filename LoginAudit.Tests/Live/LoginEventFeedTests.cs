using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Live;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Live;

public sealed class LoginEventFeedTests : AppTest
{
    [Fact]
    public async Task Subscriber_IsToldAboutEachWrittenRow()
    {
        var feed = App.Services.GetRequiredService<LoginEventFeed>();
        var received = new TaskCompletionSource<LoginEventNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(notice => { received.TrySetResult(notice); return Task.CompletedTask; });

        await App.CreateBrowser().SignInAsync("nobody@example.com", "Whatever-1!");

        var notice = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal((row.Id, LoginEventType.SignInFailed, false), (notice.Id, notice.EventType, notice.Succeeded));
    }

    [Fact]
    public async Task Subscriber_ThatThrows_DoesNotDisturbTheSignIn()
    {
        var feed = App.Services.GetRequiredService<LoginEventFeed>();
        using var subscription = feed.Subscribe(_ => throw new InvalidOperationException("a broken dashboard"));
        await App.CreateUserAsync("kim@example.com");

        var response = await App.CreateBrowser().SignInAsync("kim@example.com", LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(LoginEventType.SignInSucceeded, Assert.Single(await App.LoginLogsAsync()).EventType);
    }

    [Fact]
    public void Subscription_Disposed_StopsListening()
    {
        var feed = App.Services.GetRequiredService<LoginEventFeed>();
        var before = feed.SubscriberCount;
        var subscription = feed.Subscribe(_ => Task.CompletedTask);

        subscription.Dispose();
        subscription.Dispose();

        Assert.Equal(before, feed.SubscriberCount);
    }
}
