using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.Rollups;

internal sealed class LoginLogFailureSourceConfiguration : IEntityTypeConfiguration<LoginLogFailureSource>
{
    public void Configure(EntityTypeBuilder<LoginLogFailureSource> builder)
    {
        builder.ToTable(LoginLogRollups.FailureSourcesTableName);

        // The readers ask for a range of hours, every source in it: the key led by the hour is the only index needed.
        builder.HasKey(source => new { source.Hour, source.Address, source.UserName, source.UserId }).HasName("pk_login_log_failure_sources");
        builder.Property(source => source.Hour).HasConversion(UtcDateTime.Converter);
        builder.Property(source => source.Address).HasMaxLength(LoginLogLimits.IpAddress);
        builder.Property(source => source.UserName).HasMaxLength(LoginLogLimits.UserName);
        builder.UseSnakeCaseColumns();
    }
}
