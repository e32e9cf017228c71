namespace LoginAudit.Tests.EndToEnd;

/// <summary>One running app, with its own fresh database, for the tests of one class.</summary>
public class ServerFixture : IAsyncLifetime
{
    private LoginAuditServer? server;

    public LoginAuditServer Server => server ?? throw new InvalidOperationException(Chromium.SkipReason ?? "The app was not started.");

    /// <summary>Configuration keys this class's app gets on top of the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        // Without a browser the tests are skipped (or fail in CI from the Chromium fixture): no app needed.
        if (Chromium.IsInstalled)
        {
            server = await LoginAuditServer.StartAsync(Settings);
        }
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
