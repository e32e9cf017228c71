using Npgsql;

namespace LoginAudit.Tests.Coordination;

/// <summary>
/// The PostgreSQL server the coordination tests use: <c>LOGINAUDIT_TEST_POSTGRES</c>, or a local role and database
/// <c>loginaudit_scale</c>. Outside CI an unreachable server skips the tests with the commands that set it up; with
/// <c>CI=true</c> they run and fail.
/// </summary>
public static class TestPostgres
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("LOGINAUDIT_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=loginaudit_scale;Password=loginaudit_scale;Database=loginaudit_scale;Timeout=5";

    public static string SetupHint =>
        "The PostgreSQL tests need a server: apt-get install -y postgresql; pg_ctlcluster 15 main start; "
        + "su postgres -c \"psql -c \\\"CREATE ROLE loginaudit_scale LOGIN PASSWORD 'loginaudit_scale'\\\" -c \\\"CREATE DATABASE loginaudit_scale OWNER loginaudit_scale\\\"\" "
        + "(or set LOGINAUDIT_TEST_POSTGRES to a connection string).";

    public static string? SkipReason { get; } = FindSkipReason();

    private static string? FindSkipReason()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return $"{SetupHint} ({exception.Message})";
        }
    }
}

/// <summary>A test against the real PostgreSQL server of <see cref="TestPostgres"/>: skipped outside CI when it is unreachable.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = TestPostgres.SkipReason;
    }
}
