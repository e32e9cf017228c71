using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LoginAudit.Data;

/// <summary>
/// Used only by <c>dotnet ef</c>; the application configures the context in <see cref="DataServiceCollectionExtensions"/>.
/// SQLite by default; <c>-- --provider PostgreSQL</c> after the command builds PostgreSQL's model (README, "Schema changes").
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<LoginAuditDbContext>
{
    public LoginAuditDbContext CreateDbContext(string[] args)
    {
        var index = Array.FindIndex(args, arg => arg == "--provider");
        var provider = index >= 0 && index + 1 < args.Length
            ? Enum.Parse<DatabaseProvider>(args[index + 1], ignoreCase: true)
            : DatabaseProvider.Sqlite;

        // Never opened: adding a migration only builds the model.
        var database = provider == DatabaseProvider.PostgreSQL
            ? LoginAuditDatabase.For(provider, "Host=localhost;Database=loginaudit_design_time")
            : LoginAuditDatabase.For(provider, "Data Source=design-time.db");
        var options = new DbContextOptionsBuilder<LoginAuditDbContext>();
        database.Configure(options);
        return new LoginAuditDbContext(options.Options);
    }
}
