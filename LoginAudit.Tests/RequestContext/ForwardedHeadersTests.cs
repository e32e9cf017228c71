using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.RequestContext;

public sealed class TrustedProxyApp : IAsyncLifetime
{
    public LoginAuditAppFactory App { get; } = new(settings =>
    {
        settings["LoginAudit:TrustedProxies:0"] = "10.0.0.0/8";
        settings["LoginAudit:TrustedProxies:1"] = "2001:db8::1";
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>X-Forwarded-For is believed only from the configured proxies, hop by hop from the right.</summary>
public sealed class ForwardedHeadersTests(TrustedProxyApp fixture) : IClassFixture<TrustedProxyApp>
{
    [Theory]
    [InlineData("203.0.113.50", "198.51.100.1", "203.0.113.50")]
    [InlineData("10.1.2.3", "198.51.100.1", "198.51.100.1")]
    [InlineData("10.1.2.3", "198.51.100.1, 10.9.9.9", "198.51.100.1")]
    [InlineData("10.1.2.3", "1.2.3.4, 198.51.100.7", "198.51.100.7")]
    [InlineData("10.1.2.3", "not-an-address", "10.1.2.3")]
    [InlineData("10.1.2.3", "198.51.100.1, 300.1.2.3", "10.1.2.3")]
    [InlineData("10.1.2.3", "198.51.100.1,,, ", "198.51.100.1")]
    [InlineData("2001:db8::1", "198.51.100.9", "198.51.100.9")]
    [InlineData("2001:db8::2", "198.51.100.9", "2001:db8::2")]
    public async Task SignInAttempt_FromPeerWithForwardedFor_RecordsTheClientAddress(string peer, string forwardedFor, string expected)
    {
        var name = $"visitor-{Guid.NewGuid():N}@example.com";
        var browser = fixture.App.CreateBrowser();
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, peer);
        browser.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);

        await browser.SignInAsync(name, "Whatever-1!");

        var row = Assert.Single(await fixture.App.LoginLogsAsync(), log => log.UserName == name);
        Assert.Equal(expected, row.IpAddress);
    }

    [Fact]
    public async Task SignInAttempt_WithoutTrustedProxies_IgnoresForwardedForEvenFromLoopback()
    {
        await using var app = new LoginAuditAppFactory();
        var browser = app.CreateBrowser();
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, "127.0.0.1");
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.1");

        await browser.SignInAsync("someone@example.com", "Whatever-1!");

        Assert.Equal("127.0.0.1", Assert.Single(await app.LoginLogsAsync()).IpAddress);
    }
}
