using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.Integrity;

/// <remarks>
/// Keyed by the row's id and nothing else: no foreign key to <c>login_logs</c> (on PostgreSQL its key holds
/// <c>created_at</c> too, and a key would stop a month partition from being dropped), no other index (each would be
/// written by every seal). The retention purge deletes a purged range's seals by id in the transaction that moves
/// the anchor.
/// </remarks>
internal sealed class LoginLogSealConfiguration : IEntityTypeConfiguration<LoginLogSeal>
{
    public const string TableName = "login_log_seals";

    public void Configure(EntityTypeBuilder<LoginLogSeal> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(seal => seal.LoginLogId);
        builder.Property(seal => seal.LoginLogId).ValueGeneratedNever();
        builder.UseSnakeCaseColumns();
    }
}
