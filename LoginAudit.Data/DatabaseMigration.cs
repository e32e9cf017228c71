using LoginAudit.Data.History;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data;

public static class DatabaseMigration
{
    /// <summary>
    /// Creates or upgrades the database with the migrations of its provider. SQLite is switched to write-ahead logging,
    /// which lets readers (the dashboard) run while a sign-in writes, and keeps committed rows through a killed process;
    /// PostgreSQL's database is created if the server has none of that name (the role needs CREATEDB for that).
    /// </summary>
    public static async Task MigrateLoginAuditDatabaseAsync(this LoginAuditDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        var directory = Path.GetDirectoryName(db.Database.GetDbConnection().DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        // Rows written by anything that does not index its own (a script, an older version) become searchable.
        await db.Database.ExecuteSqlRawAsync(LoginLogSearchIndex.IndexNewRowsSql, cancellationToken);
    }
}
