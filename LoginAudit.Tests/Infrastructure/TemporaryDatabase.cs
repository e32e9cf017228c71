using LoginAudit.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// A real, migrated database, deleted on dispose: a SQLite file in a fresh temporary folder, or a fresh database on the
/// test PostgreSQL server (<see cref="PostgreSqlTestServer"/>).
/// </summary>
public sealed class TemporaryDatabase : IAsyncDisposable, IDbContextFactory<LoginAuditDbContext>
{
    private readonly string? directory;

    private TemporaryDatabase(string directory)
    {
        this.directory = directory;
        Provider = DatabaseProvider.Sqlite;
        FilePath = Path.Combine(directory, "loginaudit.db");
        Database = LoginAuditDatabase.For(DatabaseProvider.Sqlite, $"Data Source={FilePath}");
    }

    private TemporaryDatabase(LoginAuditDatabase database)
    {
        Provider = database.Provider;
        FilePath = "";
        Database = database;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file; empty on PostgreSQL.</summary>
    public string FilePath { get; }

    public LoginAuditDatabase Database { get; }

    public string ConnectionString => Database.ConnectionString;

    /// <summary>The settings that point the app at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:LoginAudit"] = ConnectionString,
        [LoginAuditDatabase.ProviderKey] = Provider.ToString(),
    };

    public static async Task<TemporaryDatabase> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            // Copied from a migrated template: already at the newest migration.
            return new TemporaryDatabase(LoginAuditDatabase.For(provider, await PostgreSqlTestServer.CreateDatabaseAsync()));
        }

        var database = new TemporaryDatabase(Directory.CreateTempSubdirectory("loginaudit-test-").FullName);
        await using var db = database.CreateDbContext();
        await db.MigrateLoginAuditDatabaseAsync();
        return database;
    }

    /// <summary>A database as an older version made it: migrated only up to <paramref name="migration"/> (an upgrade test's starting point).</summary>
    public static async Task<TemporaryDatabase> CreateAtMigrationAsync(string migration, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var database = provider == DatabaseProvider.PostgreSQL
            ? new TemporaryDatabase(LoginAuditDatabase.For(provider, await PostgreSqlTestServer.CreateEmptyDatabaseAsync()))
            : new TemporaryDatabase(Directory.CreateTempSubdirectory("loginaudit-test-").FullName);
        await using var db = database.CreateDbContext();
        await db.GetService<IMigrator>().MigrateAsync(migration);
        return database;
    }

    /// <summary>A migrated PostgreSQL database whose default collation is ICU's <paramref name="icuLocale"/>.</summary>
    public static async Task<TemporaryDatabase> CreateOnIcuCollationAsync(string icuLocale)
    {
        var database = new TemporaryDatabase(LoginAuditDatabase.For(DatabaseProvider.PostgreSQL, await PostgreSqlTestServer.CreateEmptyDatabaseAsync(icuLocale)));
        await using var db = database.CreateDbContext();
        await db.MigrateLoginAuditDatabaseAsync();
        return database;
    }

    public LoginAuditDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<LoginAuditDbContext>();
        Database.Configure(options);
        return new LoginAuditDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (directory is null)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(ConnectionString);
            return;
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing may hold the file for a moment; the OS temp cleaner takes it later.
        }
    }
}
