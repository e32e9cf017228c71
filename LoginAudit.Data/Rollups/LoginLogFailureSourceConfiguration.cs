using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.Rollups;

internal sealed class LoginLogFailureSourceConfiguration : IEntityTypeConfiguration<LoginLogFailureSource>
{
    public const string BySourceIndex = "ix_login_log_failure_sources_by_source";

    /// <summary>SQLite's index of the primary key (hour first), by the name SQLite gives it.</summary>
    public const string ByHourIndexOnSqlite = $"sqlite_autoindex_{LoginLogRollups.FailureSourcesTableName}_1";

    public void Configure(EntityTypeBuilder<LoginLogFailureSource> builder)
    {
        builder.ToTable(LoginLogRollups.FailureSourcesTableName);

        // The readers ask for a range of hours, every source in it: the key leads with the hour.
        builder.HasKey(source => new { source.Hour, source.Address, source.UserName, source.UserId }).HasName("pk_login_log_failure_sources");

        // The same counts in the rankings' group order, covering: SQLite groups by sorting, and over a large share of the
        // history (a month of the bench's: 80,000 rows) walking this in order is 15 ms against 65 ms of sorting
        // (FailureBreakdownService chooses, as it does between the rows' failure indexes).
        builder.HasIndex(source => new { source.Address, source.UserName, source.UserId, source.Hour, source.Count }, BySourceIndex);
        builder.Property(source => source.Hour).HasConversion(UtcDateTime.Converter);
        builder.Property(source => source.Address).HasMaxLength(LoginLogLimits.IpAddress);
        builder.Property(source => source.UserName).HasMaxLength(LoginLogLimits.UserName);
        builder.UseSnakeCaseColumns();
    }
}
