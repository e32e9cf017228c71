using LoginAudit.Data.Coordination;

namespace LoginAudit.Tests.Coordination;

public sealed class FileExclusiveLocksTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("loginaudit-locks-").FullName;

    private string DatabasePath => Path.Combine(directory, "loginaudit.db");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task TryAcquire_HeldByAnotherInstance_IsRefused()
    {
        await using var held = await new FileExclusiveLocks(DatabasePath).TryAcquireAsync("seal", CancellationToken.None);

        var second = await new FileExclusiveLocks(DatabasePath).TryAcquireAsync("seal", CancellationToken.None);

        Assert.NotNull(held);
        Assert.Null(second);
    }

    [Fact]
    public async Task TryAcquire_AfterTheHolderReleased_Succeeds()
    {
        var locks = new FileExclusiveLocks(DatabasePath);
        var first = await locks.TryAcquireAsync("seal", CancellationToken.None);
        await first!.DisposeAsync();

        await using var second = await locks.TryAcquireAsync("seal", CancellationToken.None);

        Assert.NotNull(second);
        Assert.True(await second.StillHeldAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TryAcquire_OtherName_IsNotBlocked()
    {
        var locks = new FileExclusiveLocks(DatabasePath);
        await using var sealing = await locks.TryAcquireAsync("seal", CancellationToken.None);

        await using var sweeping = await locks.TryAcquireAsync("session-expiry", CancellationToken.None);

        Assert.NotNull(sweeping);
    }
}
