using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoginAudit.Data;

/// <summary>
/// A read snapshot (<see cref="SqlDialect.BeginSnapshotAsync"/>) on a context's connection, which the context's EF queries
/// run in until it is disposed: what the roll-up readers and PostgreSQL's search read several statements in, and what every
/// dashboard read over a range runs in on PostgreSQL, so that each statement is planned for its range. Disposing it
/// ends the snapshot and closes the connection, so a pooled context goes back with nothing open.
/// </summary>
internal sealed class ContextSnapshot : IAsyncDisposable
{
    private readonly LoginAuditDbContext db;
    private readonly IDbContextTransaction used;

    private ContextSnapshot(LoginAuditDbContext db, DbTransaction transaction, IDbContextTransaction used)
    {
        this.db = db;
        this.used = used;
        Transaction = transaction;
    }

    /// <summary>The context whose queries run in the snapshot.</summary>
    public LoginAuditDbContext Context => db;

    /// <summary>The snapshot, for plain ADO.NET commands on the context's connection.</summary>
    public DbTransaction Transaction { get; }

    public static async Task<ContextSnapshot> BeginAsync(LoginAuditDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var dialect = SqlDialect.For(connection);
        var transaction = default(DbTransaction);
        var used = default(IDbContextTransaction);
        try
        {
            transaction = await dialect.BeginSnapshotAsync(connection, cancellationToken);
            used = await db.Database.UseTransactionAsync(transaction, cancellationToken);
            if (dialect == SqlDialect.PostgreSql)
            {
                // Npgsql prepares repeated statements, and PostgreSQL then plans them once for any value: in rows laid out in
                // time order the generic plan of the roll-ups' "id > @mark" walked a month of the time index for the (empty)
                // rows above the mark, 0.6 s instead of 5 ms (docs/query-plans.md, "Roll-ups"). Each statement here is
                // planned for its values.
                await db.Database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_custom_plan", cancellationToken);
            }

            return new ContextSnapshot(db, transaction, used!);
        }
        catch
        {
            await EndAsync(db, transaction, used);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(EndAsync(db, Transaction, used));

    /// <summary>EF's handle of the snapshot first (it leaves the transaction, and closes what taking it opened), then the snapshot, then the connection.</summary>
    private static async Task EndAsync(LoginAuditDbContext db, DbTransaction? transaction, IDbContextTransaction? used)
    {
        if (used is not null)
        {
            await used.DisposeAsync();
        }

        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        await db.Database.CloseConnectionAsync();
    }
}
