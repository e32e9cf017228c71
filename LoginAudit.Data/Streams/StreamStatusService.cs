using LoginAudit.Data.Export;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Streams;

/// <summary>A configured stream and where it stands, for the status page; no URL path, secret or header.</summary>
public sealed record StreamStatus(
    string Name,
    ExportFormat Format,
    string Destination,
    bool Enabled,
    bool Started,
    long LastRowId,
    long RowsSent,
    DateTime? LastSentAt,
    DateTime? FailingSince,
    string? LastError,
    long RowsBehind)
{
    public bool Failing => FailingSince is not null;
}

/// <summary>Reads each configured stream's checkpoint (<c>login_log_streams</c>): the same for every app instance.</summary>
public sealed class StreamStatusService(IDbContextFactory<LoginAuditDbContext> contexts, IOptions<StreamOptions> options)
{
    public async Task<IReadOnlyList<StreamStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var checkpoints = await db.Set<StreamCheckpoint>().AsNoTracking().ToDictionaryAsync(checkpoint => checkpoint.Name, cancellationToken);
        var statuses = new List<StreamStatus>();
        foreach (var (name, stream) in options.Value.Streams.OrderBy(stream => stream.Key, StringComparer.Ordinal))
        {
            var checkpoint = checkpoints.GetValueOrDefault(name);
            var lastRowId = checkpoint?.LastRowId ?? 0;
            var behind = checkpoint is null ? 0 : await db.LoginLogs.CountAsync(log => log.Id > lastRowId, cancellationToken);
            statuses.Add(new StreamStatus(
                name, stream.Format, stream.Destination, stream.Enabled, checkpoint is not null, lastRowId, checkpoint?.RowsSent ?? 0,
                checkpoint?.LastSentAt, checkpoint?.FailingSince, checkpoint?.LastError, behind));
        }

        return statuses;
    }
}
