using System.Security.Cryptography;
using System.Text;
using LoginAudit.Data.Alerts;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.Alerts;

public sealed class WebhookSignatureTests
{
    private const string Secret = "a-shared-secret-of-some-length";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"suspicious_sign_in\"}");

    [Fact]
    public void Compute_IsSha256PrefixAndTheHexHmacOfTheRawBody()
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body));

        Assert.Equal(expected, WebhookSignature.Compute(Secret, Body));
    }

    [Fact]
    public void Verify_TheRightSignature_Passes()
    {
        Assert.True(WebhookSignature.Verify(Secret, Body, WebhookSignature.Compute(Secret, Body)));
    }

    [Fact]
    public void Verify_TamperedBodyWrongSecretOrNoHeader_Fails()
    {
        var signature = WebhookSignature.Compute(Secret, Body);

        Assert.False(WebhookSignature.Verify(Secret, Encoding.UTF8.GetBytes("{\"type\":\"other\"}"), signature));
        Assert.False(WebhookSignature.Verify("another-secret-entirely", Body, signature));
        Assert.False(WebhookSignature.Verify(Secret, Body, null));
        Assert.False(WebhookSignature.Verify(Secret, Body, signature.ToUpperInvariant()));
    }
}

public sealed class AlertRateLimiterTests
{
    [Fact]
    public void TryAcquire_ThreeAnHourPerUser()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var limiter = new AlertRateLimiter(clock);

        var first = Enumerable.Range(0, 4).Select(_ => limiter.TryAcquire("alice", 3)).ToList();
        var otherUser = limiter.TryAcquire("bob", 3);
        clock.Advance(TimeSpan.FromMinutes(59));
        var stillFull = limiter.TryAcquire("alice", 3);
        clock.Advance(TimeSpan.FromMinutes(1));
        var afterAnHour = limiter.TryAcquire("alice", 3);

        Assert.Equal([true, true, true, false], first);
        Assert.True(otherUser);
        Assert.False(stillFull);
        Assert.True(afterAnHour);
    }
}
