using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.Rollups;

internal sealed class LoginLogRollupConfiguration : IEntityTypeConfiguration<LoginLogRollup>
{
    public void Configure(EntityTypeBuilder<LoginLogRollup> builder)
    {
        builder.ToTable(LoginLogRollups.TableName);

        // The readers ask for one dimension over a range of hours: the key in that order is the only index needed.
        builder.HasKey(rollup => new { rollup.Dimension, rollup.Hour, rollup.Value }).HasName("pk_login_log_rollups");
        builder.Property(rollup => rollup.Dimension).HasConversion<string>().HasMaxLength(16);
        builder.Property(rollup => rollup.Hour).HasConversion(UtcDateTime.Converter);
        builder.Property(rollup => rollup.Value).HasMaxLength(LoginLogLimits.Name);
        builder.UseSnakeCaseColumns();
    }
}

internal sealed class LoginLogRollupMarkConfiguration : IEntityTypeConfiguration<LoginLogRollupMark>
{
    public void Configure(EntityTypeBuilder<LoginLogRollupMark> builder)
    {
        builder.ToTable(LoginLogRollups.MarksTableName);
        builder.HasKey(mark => mark.Name);
        builder.Property(mark => mark.Name).HasMaxLength(16);
        builder.Property(mark => mark.UpdatedAt).HasConversion(UtcDateTime.Converter);
        builder.UseSnakeCaseColumns();
    }
}
