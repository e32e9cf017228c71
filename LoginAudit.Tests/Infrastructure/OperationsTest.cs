using LoginAudit.Data;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// A fresh database and the app's services over it, without a host (see <see cref="OperationsServices"/>); SQLite unless a
/// derived class runs the tests on PostgreSQL (<see cref="OnPostgreSqlAttribute"/>).
/// </summary>
public abstract class OperationsTest(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    protected DatabaseProvider Provider { get; } = provider;

    protected TemporaryDatabase Database { get; private set; } = null!;

    protected ServiceProvider Services { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database = await TemporaryDatabase.CreateAsync(Provider);
        Services = OperationsServices.Build(Database);
    }

    public virtual async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
