using LoginAudit.Data;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// A test class with its own app and fresh database, disposed after each test; SQLite unless a derived class runs the
/// tests on PostgreSQL (<see cref="OnPostgreSqlAttribute"/>).
/// </summary>
public abstract class AppTest(Action<Dictionary<string, string?>>? configure = null, DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    protected DatabaseProvider Provider { get; } = provider;

    protected LoginAuditAppFactory App { get; } = new(configure, provider);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}
