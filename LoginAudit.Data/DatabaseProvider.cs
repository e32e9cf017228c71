using LoginAudit.Data.PostgreSql;
using LoginAudit.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace LoginAudit.Data;

/// <summary>The databases LoginAudit runs on (<c>LoginAudit:Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>One file next to the app, nothing to install: the default, for one instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: for several instances on one database, and for histories beyond one machine's disk.</summary>
    PostgreSQL,
}

/// <summary>The database the app uses: its provider and its connection string, as LoginAudit opens it.</summary>
public sealed record LoginAuditDatabase(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = $"{LoginAuditOptions.SectionName}:Database:Provider";

    /// <summary>The assembly holding PostgreSQL's migrations (SQLite's are in this one).</summary>
    public const string PostgreSqlMigrationsAssembly = "LoginAudit.Data.PostgreSQL";

    /// <summary>Reads and checks the provider and the connection string; a wrong one stops the app with a sentence naming the key.</summary>
    public static LoginAuditDatabase FromConfiguration(IConfiguration configuration)
    {
        var provider = ProviderFromConfiguration(configuration);

        var connectionString = configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var example = provider == DatabaseProvider.Sqlite ? "\"Data Source=loginaudit.db\"" : "\"Host=localhost;Database=loginaudit;Username=loginaudit;Password=...\"";
            throw new InvalidOperationException(
                $"The connection string 'ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}' is missing. Set it in appsettings.json or as the environment variable ConnectionStrings__{DataServiceCollectionExtensions.ConnectionStringName}, for example {example}.");
        }

        return For(provider, connectionString);
    }

    /// <summary>The configured provider (<see cref="ProviderKey"/>), Sqlite when none is set.</summary>
    public static DatabaseProvider ProviderFromConfiguration(IConfiguration configuration)
    {
        var providerText = configuration[ProviderKey];

        // By name only: Enum.TryParse would also take "1".
        var name = string.IsNullOrWhiteSpace(providerText)
            ? nameof(DatabaseProvider.Sqlite)
            : Enum.GetNames<DatabaseProvider>().FirstOrDefault(known => string.Equals(known, providerText.Trim(), StringComparison.OrdinalIgnoreCase))
              ?? throw new InvalidOperationException($"{ProviderKey} is '{providerText}': it must be Sqlite (the default) or PostgreSQL.");
        return Enum.Parse<DatabaseProvider>(name);
    }

    /// <summary>The database at <paramref name="connectionString"/>, normalized as the app opens it.</summary>
    public static LoginAuditDatabase For(DatabaseProvider provider, string connectionString) => new(
        provider,
        provider == DatabaseProvider.PostgreSQL ? PostgreSqlConnectionStrings.Normalize(connectionString) : SqliteConnectionStrings.Normalize(connectionString));

    /// <summary>Points <paramref name="options"/> at this database, with what LoginAudit needs on each connection.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, SqliteSynchronous synchronous = SqliteSynchronous.Normal) => Provider switch
    {
        DatabaseProvider.PostgreSQL => options
            .UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsAssembly(PostgreSqlMigrationsAssembly))
            .ReplaceService<IQuerySqlGeneratorFactory, SqliteNullOrderingQuerySqlGeneratorFactory>(),
        _ => options.UseSqlite(ConnectionString).AddInterceptors(new SqliteConnectionSetup(synchronous)),
    };

    /// <summary>
    /// Pooled contexts on this database for code that runs without the application's services (the bench, tests), configured
    /// as the app's, with <paramref name="interceptors"/>.
    /// </summary>
    public PooledDbContextFactory<LoginAuditDbContext> CreatePooledFactory(params IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<LoginAuditDbContext>();
        Configure(options);
        LoginAuditDbContext.UseIdentitySchema(options);
        options.AddInterceptors(interceptors);
        return new PooledDbContextFactory<LoginAuditDbContext>(options.Options);
    }
}

/// <summary>How LoginAudit opens SQLite, whoever configured the connection string.</summary>
public static class SqliteConnectionStrings
{
    /// <summary>
    /// A relative file is placed next to the application (not the working directory, so commands work from
    /// anywhere), and a busy timeout lets concurrent writers wait for the write lock instead of failing.
    /// </summary>
    public static string Normalize(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new InvalidOperationException("The LoginAudit connection string names no SQLite file (Data Source).");
        }

        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(AppContext.BaseDirectory, builder.DataSource);
        }

        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    /// <summary>Where the singleton duties' lock files go: beside the database file (an in-memory database gets a private path).</summary>
    public static string LockPath(string normalizedConnectionString)
    {
        var builder = new SqliteConnectionStringBuilder(normalizedConnectionString);
        return builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory
            ? Path.Combine(Path.GetTempPath(), $"loginaudit-memory-{Guid.NewGuid():N}")
            : builder.DataSource;
    }
}

/// <summary>How LoginAudit opens PostgreSQL.</summary>
public static class PostgreSqlConnectionStrings
{
    /// <summary>
    /// Checks the string names a server, and lets Npgsql prepare the statements LoginAudit repeats (the audit writer's,
    /// above all), as SQLite prepares them: a prepared statement is parsed and planned once per connection.
    /// </summary>
    public static string Normalize(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName} is not a PostgreSQL connection string ({exception.Message}); for example \"Host=localhost;Database=loginaudit;Username=loginaudit;Password=...\".", exception);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new InvalidOperationException($"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName} names no PostgreSQL server (Host), for example \"Host=localhost;Database=loginaudit;Username=loginaudit;Password=...\".");
        }

        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }
}
