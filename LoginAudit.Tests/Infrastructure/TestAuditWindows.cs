using LoginAudit.Data;
using LoginAudit.Data.Dashboards;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>The audit window of a service built by hand: the default retention, at a fixed time.</summary>
public static class TestAuditWindows
{
    public static AuditWindows At(DateTimeOffset now, int retentionDays = 365) =>
        new(new FakeTimeProvider(now), Options.Create(new LoginAuditOptions { Retention = { Days = retentionDays } }));
}
