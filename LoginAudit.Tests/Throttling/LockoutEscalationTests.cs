using LoginAudit.Data.Auditing;
using LoginAudit.Data.Throttling;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Throttling;

/// <summary>Repeated lockouts within a day last longer each time, up to the cap.</summary>
public sealed class LockoutEscalationTests : AppTest
{
    private const string Email = "alice@example.com";

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(50, 60)]
    public void DurationAfter_DoublesPerEarlierLockoutUpToTheCap(int earlier, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), LockoutEscalation.DurationAfter(earlier, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task SecondLockoutOfTheDay_LastsTwiceTheBase()
    {
        var user = await App.CreateUserAsync(Email);
        var browser = App.CreateBrowser();
        await FailFiveTimesAsync(browser);
        var first = await App.WithUsersAsync(async users => (await users.FindByIdAsync(user.Id))!.LockoutEnd!.Value);

        // The first lockout ends (as if its five minutes had passed).
        await App.WithUsersAsync(async users => (await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id))!, null)).Succeeded);
        await FailFiveTimesAsync(browser);
        var second = await App.WithUsersAsync(async users => (await users.FindByIdAsync(user.Id))!.LockoutEnd!.Value);

        var now = App.Clock.GetUtcNow();
        Assert.InRange(first - now, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.InRange(second - now, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.Equal(2, (await App.LoginLogsAsync()).Count(log => log.EventType == LoginEventType.LockedOut));
    }

    private static async Task FailFiveTimesAsync(HttpClient browser)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SignInAsync(Email, "Wrong-Passw0rd!");
        }
    }
}
