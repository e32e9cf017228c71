using LoginAudit.Data.Coordination;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.History;

/// <summary>
/// PostgreSQL: copies new <c>login_logs</c> rows into the search index (<see cref="PostgreSqlSearchIndex"/>) at start and
/// every <see cref="Rollups.RollupSettings.Interval"/> (the roll-ups' interval: both follow the newest rows), in the one
/// instance that holds the duty.
/// </summary>
internal sealed partial class PostgreSqlSearchIndexService(
    IDbContextFactory<LoginAuditDbContext> contexts,
    LoginAuditDatabase database,
    SingletonDuties duties,
    IOptions<LoginAuditOptions> options,
    TimeProvider clock,
    ILogger<PostgreSqlSearchIndexService> logger) : PeriodicDutyService(duties, SingletonDuties.SearchIndex, clock)
{
    protected override TimeSpan Interval => options.Value.Rollups.Interval;

    protected override bool Enabled => database.Provider == DatabaseProvider.PostgreSQL;

    protected override async Task RunPassAsync(CancellationToken cancellationToken)
    {
        await using var connection = await contexts.OpenConnectionAsync(cancellationToken);
        await PostgreSqlSearchIndex.IndexNewRowsAsync(connection, cancellationToken);
    }

    // Nothing is lost: searches match the rows above the mark by their own text, and the next pass indexes them.
    protected override void OnPassFailed(Exception exception) => LogIndexingFailed(exception);

    [LoggerMessage(EventId = 4191, Level = LogLevel.Warning, Message = "Copying new login_logs rows into the search index failed; searches read them from the rows until the next pass.")]
    private partial void LogIndexingFailed(Exception exception);
}
