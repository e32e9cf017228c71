using LoginAudit.Data.Detection;
using LoginAudit.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.Auditing;

internal sealed class LoginLogConfiguration : IEntityTypeConfiguration<LoginLog>
{
    public void Configure(EntityTypeBuilder<LoginLog> builder)
    {
        builder.ToTable("login_logs");
        builder.HasKey(log => log.Id);

        builder.Property(log => log.UserName).HasMaxLength(LoginLogLimits.UserName);
        builder.Property(log => log.EventType).HasConversion<string>().HasMaxLength(32);
        builder.Property(log => log.FailureReason).HasConversion<string>().HasMaxLength(32);
        builder.Property(log => log.ErrorCode).HasMaxLength(LoginLogLimits.ErrorCode);
        builder.Property(log => log.SignInMethod).HasConversion<string>().HasMaxLength(16);
        builder.Property(log => log.IpAddress).HasMaxLength(LoginLogLimits.IpAddress);
        builder.Property(log => log.UserAgent).HasMaxLength(LoginLogLimits.UserAgent);
        builder.Property(log => log.Browser).HasMaxLength(LoginLogLimits.Name);
        builder.Property(log => log.BrowserVersion).HasMaxLength(LoginLogLimits.Version);
        builder.Property(log => log.Os).HasMaxLength(LoginLogLimits.Name);
        builder.Property(log => log.OsVersion).HasMaxLength(LoginLogLimits.Version);
        builder.Property(log => log.DeviceType).HasConversion<string>().HasMaxLength(16);
        builder.Property(log => log.DeviceBrand).HasMaxLength(LoginLogLimits.Name);
        builder.Property(log => log.DeviceModel).HasMaxLength(LoginLogLimits.Name);
        builder.Property(log => log.Location).HasMaxLength(LoginLogLimits.Location);
        builder.Property(log => log.CountryCode).HasMaxLength(2);
        builder.Property(log => log.City).HasMaxLength(LoginLogLimits.Location);
        builder.Property(log => log.AsOrg).HasMaxLength(LoginLogLimits.AsOrg);
        builder.Property(log => log.RiskLevel).HasConversion<string>().HasMaxLength(8).HasDefaultValue(RiskLevel.None).HasSentinel(RiskLevel.None);
        builder.Property(log => log.TraceId).HasMaxLength(LoginLogLimits.TraceId);
        builder.Property(log => log.Suspicious).HasDefaultValue(false);
        builder.Property(log => log.SuspiciousReasons).HasMaxLength(LoginLogLimits.SuspiciousReasons);
        builder.Property(log => log.SessionId).HasMaxLength(LoginLogLimits.SessionId);
        builder.Property(log => log.CreatedAt).HasConversion(UtcDateTime.Converter);
        builder.Ignore(log => log.Seal);

        builder.HasOne<ApplicationUser>()
            .WithMany()
            .HasForeignKey(log => log.UserId)
            .OnDelete(DeleteBehavior.SetNull);

        // A user's history, a time range and an IP's activity, each newest first. The indexes by account and by session
        // hold only the rows that have one: every query asks for an account's or a session's rows by their value (both
        // databases prove that such a comparison excludes null), and the rows left out are an attack's bulk (unknown names,
        // failures), which then costs three index entries less a write (docs/query-plans.md, "Partial indexes").
        builder.HasIndex(log => new { log.UserId, log.CreatedAt }).HasDatabaseName("ix_login_logs_user_id_created_at")
            .HasFilter("user_id IS NOT NULL");
        builder.HasIndex(log => log.CreatedAt).HasDatabaseName("ix_login_logs_created_at");
        builder.HasIndex(log => new { log.IpAddress, log.CreatedAt }).HasDatabaseName("ix_login_logs_ip_address_created_at");
        builder.HasIndex(log => log.SessionId).HasDatabaseName("ix_login_logs_session_id")
            .HasFilter("session_id IS NOT NULL");

        // Dashboards (see docs/query-plans.md): counts, trends and distinct users/IPs per event type over a range,
        // answered from the index alone (covering) instead of reading the table.
        builder.HasIndex(log => new { log.EventType, log.CreatedAt, log.UserId, log.IpAddress })
            .HasDatabaseName("ix_login_logs_event_type_created_at");

        // Suspicious rows are rare: a partial index counts and lists them without scanning a range.
        builder.HasIndex(log => log.CreatedAt, "ix_login_logs_suspicious_created_at")
            .HasFilter("suspicious = 1");

        // Risky attempts are a small share too: the risk filter and its counts read only them.
        builder.HasIndex(log => new { log.RiskLevel, log.CreatedAt }, "ix_login_logs_risk_level_created_at")
            .HasFilter("risk_level <> 'None'");

        // A user's last sign-in and failures in a range are single seeks (users list, timeline, my sign-ins).
        builder.HasIndex(log => new { log.UserId, log.EventType, log.CreatedAt }).HasDatabaseName("ix_login_logs_user_id_event_type_created_at")
            .HasFilter("user_id IS NOT NULL");

        // Attempts by name (unknown users included) and the short-search fallback (a user-name prefix).
        builder.HasIndex(log => new { log.UserName, log.CreatedAt }).HasDatabaseName("ix_login_logs_user_name_created_at");

        // Failures are a small share of the rows and every failure breakdown reads only these columns:
        // a partial covering index answers them all without reading the table. event_type is in it although the
        // filter fixes it: SQLite 3.35 treats an index as covering only if it holds every column the query names.
        builder.HasIndex(log => new { log.CreatedAt, log.FailureReason, log.UserName, log.UserId, log.IpAddress, log.DeviceType, log.Browser, log.Os, log.EventType })
            .HasDatabaseName("ix_login_logs_failures")
            .HasFilter($"event_type IN {LoginEventTypes.FailuresSql}");

        // The same failures ordered by the (address, name) pairs that both rankings of their sources count: over a range
        // that is a large share of the history, walking this in order beats sorting (FailureBreakdownService chooses);
        // user_id last, so that it covers them. The rankings by reason, device type, browser and OS read the roll-ups
        // instead (docs/query-plans.md, "Roll-ups").
        builder.HasIndex(log => new { log.IpAddress, log.UserName, log.CreatedAt, log.EventType, log.UserId }, "ix_login_logs_failures_by_ip")
            .HasFilter($"event_type IN {LoginEventTypes.FailuresSql}");

        builder.UseSnakeCaseColumns();
    }
}
