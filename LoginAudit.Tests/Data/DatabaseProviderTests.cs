using LoginAudit.Data;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace LoginAudit.Tests.Data;

/// <summary>Which database the app uses is one setting, checked at start with a sentence that names the key.</summary>
public sealed class DatabaseProviderTests
{
    [Fact]
    public void FromConfiguration_NoProvider_IsSqlite()
    {
        var database = LoginAuditDatabase.FromConfiguration(Configuration(("ConnectionStrings:LoginAudit", "Data Source=audit.db")));

        Assert.Equal(DatabaseProvider.Sqlite, database.Provider);
    }

    [Fact]
    public void FromConfiguration_PostgreSqlInAnyCase_IsPostgreSql()
    {
        var database = LoginAuditDatabase.FromConfiguration(Configuration(
            ("LoginAudit:Database:Provider", "postgresql"), ("ConnectionStrings:LoginAudit", "Host=db.internal;Database=loginaudit")));

        Assert.Equal(DatabaseProvider.PostgreSQL, database.Provider);
        Assert.Contains("Host=db.internal", database.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("1")]
    public void FromConfiguration_UnknownProvider_FailsNamingTheKey(string provider)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => LoginAuditDatabase.FromConfiguration(Configuration(
            ("LoginAudit:Database:Provider", provider), ("ConnectionStrings:LoginAudit", "Data Source=audit.db"))));

        Assert.Contains("LoginAudit:Database:Provider", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite (the default) or PostgreSQL", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Database=loginaudit")]
    [InlineData("Data Source=audit.db")]
    public void FromConfiguration_PostgreSqlConnectionStringWithoutServer_FailsNamingTheKey(string connectionString)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => LoginAuditDatabase.FromConfiguration(Configuration(
            ("LoginAudit:Database:Provider", "PostgreSQL"), ("ConnectionStrings:LoginAudit", connectionString))));

        Assert.Contains("ConnectionStrings:LoginAudit", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_MissingConnectionString_FailsWithAnExampleForTheProvider()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => LoginAuditDatabase.FromConfiguration(Configuration(("LoginAudit:Database:Provider", "PostgreSQL"))));

        Assert.Contains("ConnectionStrings:LoginAudit", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Host=localhost", refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(value => KeyValuePair.Create(value.Key, (string?)value.Value))).Build();
}

/// <summary>PostgreSQL's schema has the specification's types (migrations of LoginAudit.Data.PostgreSQL).</summary>
[OnPostgreSql]
public sealed class PostgreSqlSchemaTests() : OperationsTest(DatabaseProvider.PostgreSQL)
{
    [DatabaseFact]
    public async Task Migrate_LoginLogs_HasUuidInetAndTimestampWithTimeZoneColumns()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_name = 'login_logs' AND column_name IN ('user_id', 'ip_address', 'created_at') ORDER BY column_name
            """;
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            types.Add($"{reader.GetString(0)}={reader.GetString(1)}");
        }

        Assert.Equal(["created_at=timestamp with time zone", "ip_address=inet", "user_id=uuid"], types);
    }
}
