using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.Streams;

/// <summary>
/// A push stream's position and health: a row of <c>login_log_streams</c>, moved only after the receiver acknowledged a
/// batch, so a restart continues with the first row not acknowledged.
/// </summary>
public sealed class StreamCheckpoint
{
    public required string Name { get; set; }

    /// <summary>The newest <c>login_logs.id</c> the receiver acknowledged; the next batch starts after it.</summary>
    public long LastRowId { get; set; }

    public long RowsSent { get; set; }

    public DateTime? LastSentAt { get; set; }

    /// <summary>When deliveries started failing; null while they succeed.</summary>
    public DateTime? FailingSince { get; set; }

    /// <summary>The latest failure in a few words (an HTTP status, an error kind); never the URL or a header.</summary>
    public string? LastError { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class StreamCheckpointConfiguration : IEntityTypeConfiguration<StreamCheckpoint>
{
    public const string TableName = "login_log_streams";

    public const int MaxErrorLength = 300;

    public void Configure(EntityTypeBuilder<StreamCheckpoint> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(checkpoint => checkpoint.Name);
        builder.Property(checkpoint => checkpoint.Name).HasMaxLength(64);
        builder.Property(checkpoint => checkpoint.LastError).HasMaxLength(MaxErrorLength);
        builder.Property(checkpoint => checkpoint.LastSentAt).HasConversion(UtcDateTime.NullableConverter);
        builder.Property(checkpoint => checkpoint.FailingSince).HasConversion(UtcDateTime.NullableConverter);
        builder.Property(checkpoint => checkpoint.UpdatedAt).HasConversion(UtcDateTime.Converter);
        builder.UseSnakeCaseColumns();
    }
}
