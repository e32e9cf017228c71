using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.Integrity;

internal sealed class ChainMarkConfiguration : IEntityTypeConfiguration<ChainMark>
{
    public const string TableName = "login_log_chain";

    public void Configure(EntityTypeBuilder<ChainMark> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(mark => mark.Name);
        builder.Property(mark => mark.Name).HasMaxLength(16);
        builder.Property(mark => mark.UpdatedAt).HasConversion(UtcDateTime.Converter);
        builder.UseSnakeCaseColumns();
    }
}
