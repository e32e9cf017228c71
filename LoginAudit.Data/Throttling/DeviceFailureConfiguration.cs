using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.Throttling;

internal sealed class DeviceFailureConfiguration : IEntityTypeConfiguration<DeviceFailure>
{
    /// <summary>A device id: 16 random bytes in hex.</summary>
    private const int DeviceIdLength = 32;

    public void Configure(EntityTypeBuilder<DeviceFailure> builder)
    {
        builder.ToTable("device_failures");
        builder.Property(failure => failure.DeviceId).HasMaxLength(DeviceIdLength);
        builder.Property(failure => failure.FailedAt).HasConversion(UtcDateTime.Converter);
        builder.HasIndex(failure => new { failure.DeviceId, failure.FailedAt }).HasDatabaseName("ix_device_failures_device_id_failed_at");
        builder.HasIndex(failure => failure.FailedAt).HasDatabaseName("ix_device_failures_failed_at");
        builder.UseSnakeCaseColumns();
    }
}
