using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LoginAudit.Data;

/// <summary>Used only by <c>dotnet ef</c>; the application configures the context in <see cref="DataServiceCollectionExtensions"/>.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<LoginAuditDbContext>
{
    public LoginAuditDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LoginAuditDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
