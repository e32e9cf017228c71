using LoginAudit.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>A real, migrated SQLite file in a fresh temporary folder, deleted on dispose.</summary>
public sealed class TemporaryDatabase : IAsyncDisposable, IDbContextFactory<LoginAuditDbContext>
{
    private readonly string directory;

    private TemporaryDatabase(string directory)
    {
        this.directory = directory;
        FilePath = Path.Combine(directory, "loginaudit.db");
        ConnectionString = SqliteConnectionStrings.Normalize($"Data Source={FilePath}");
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public static async Task<TemporaryDatabase> CreateAsync()
    {
        var database = new TemporaryDatabase(Directory.CreateTempSubdirectory("loginaudit-test-").FullName);
        await using var db = database.CreateDbContext();
        await db.MigrateLoginAuditDatabaseAsync();
        return database;
    }

    /// <summary>A database as an older version made it: migrated only up to <paramref name="migration"/> (an upgrade test's starting point).</summary>
    public static async Task<TemporaryDatabase> CreateAtMigrationAsync(string migration)
    {
        var database = new TemporaryDatabase(Directory.CreateTempSubdirectory("loginaudit-test-").FullName);
        await using var db = database.CreateDbContext();
        await db.GetService<IMigrator>().MigrateAsync(migration);
        return database;
    }

    public LoginAuditDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<LoginAuditDbContext>().UseSqlite(ConnectionString).Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing may hold the file for a moment; the OS temp cleaner takes it later.
        }

        return ValueTask.CompletedTask;
    }
}
