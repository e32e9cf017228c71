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
        builder.Property(log => log.Suspicious).HasDefaultValue(false);
        builder.Property(log => log.SessionId).HasMaxLength(LoginLogLimits.SessionId);
        builder.Property(log => log.CreatedAt).HasConversion(UtcDateTime.Converter);

        builder.HasOne<ApplicationUser>()
            .WithMany()
            .HasForeignKey(log => log.UserId)
            .OnDelete(DeleteBehavior.SetNull);

        // A user's history, a time range and an IP's activity, each newest first.
        builder.HasIndex(log => new { log.UserId, log.CreatedAt }).HasDatabaseName("ix_login_logs_user_id_created_at");
        builder.HasIndex(log => log.CreatedAt).HasDatabaseName("ix_login_logs_created_at");
        builder.HasIndex(log => new { log.IpAddress, log.CreatedAt }).HasDatabaseName("ix_login_logs_ip_address_created_at");
        builder.HasIndex(log => log.SessionId).HasDatabaseName("ix_login_logs_session_id");

        builder.UseSnakeCaseColumns();
    }
}
