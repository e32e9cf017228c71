using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>A fresh database and the app's services over it, without a host (see <see cref="OperationsServices"/>).</summary>
public abstract class OperationsTest : IAsyncLifetime
{
    protected TemporaryDatabase Database { get; private set; } = null!;

    protected ServiceProvider Services { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database = await TemporaryDatabase.CreateAsync();
        Services = OperationsServices.Build(Database.ConnectionString);
    }

    public virtual async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
