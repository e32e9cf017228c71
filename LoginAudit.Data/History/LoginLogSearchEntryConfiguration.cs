using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.History;

internal sealed class LoginLogSearchEntryConfiguration : IEntityTypeConfiguration<LoginLogSearchEntry>
{
    public void Configure(EntityTypeBuilder<LoginLogSearchEntry> builder)
    {
        builder.ToTable(LoginLogSearch.TableName, table => table.ExcludeFromMigrations());
        builder.HasKey(entry => entry.RowId);
        builder.Property(entry => entry.RowId).HasColumnName("rowid").ValueGeneratedNever();
        builder.Property(entry => entry.Match).HasColumnName(LoginLogSearch.TableName);
    }
}
