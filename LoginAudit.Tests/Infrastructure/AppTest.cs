namespace LoginAudit.Tests.Infrastructure;

/// <summary>A test class with its own app and fresh database, disposed after each test.</summary>
public abstract class AppTest(Action<Dictionary<string, string?>>? configure = null) : IAsyncLifetime
{
    protected LoginAuditAppFactory App { get; } = new(configure);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}
