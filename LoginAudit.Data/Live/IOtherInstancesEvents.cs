namespace LoginAudit.Data.Live;

/// <summary>
/// Where the rows other instances commit to the shared database come from, in batches, each row once. This instance's
/// own rows may come too; the feed drops them (it told them when it wrote them).
/// </summary>
public interface IOtherInstancesEvents
{
    IAsyncEnumerable<IReadOnlyList<LoginEventNotice>> ReadAsync(CancellationToken cancellationToken);
}
