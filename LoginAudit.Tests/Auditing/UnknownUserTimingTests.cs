using System.Diagnostics;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Auditing;

/// <summary>
/// An unknown user name must not answer measurably faster than a wrong password (no user enumeration by timing).
/// This compares the two paths with each other on the same machine; it sets no absolute speed.
/// </summary>
public sealed class UnknownUserTimingTests() : AppTest(settings => settings["LoginAudit:Lockout:MaxFailedAttempts"] = "100")
{
    public override async Task InitializeAsync() => await App.CreateUserAsync("heidi@example.com");

    [Fact]
    public async Task UnknownUserAndWrongPassword_TakeComparableTime()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync("warm-up@example.com", "Wrong-1!");
        await browser.SignInAsync("heidi@example.com", "Wrong-1!");

        var unknown = new List<double>();
        var wrong = new List<double>();
        for (var round = 0; round < 8; round++)
        {
            unknown.Add(await TimeAsync(() => browser.SignInAsync($"nobody{round}@example.com", "Wrong-1!")));
            wrong.Add(await TimeAsync(() => browser.SignInAsync("heidi@example.com", "Wrong-1!")));
        }

        var ratio = Median(unknown) / Median(wrong);
        Assert.InRange(ratio, 0.6, 1.67);
    }

    private static async Task<double> TimeAsync(Func<Task> attempt)
    {
        var watch = Stopwatch.StartNew();
        await attempt();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
