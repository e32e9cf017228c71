using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data;

internal static class DbContextParameters
{
    /// <summary>A named parameter for <c>SqlQueryRaw</c> on the context's provider.</summary>
    public static DbParameter Parameter(this LoginAuditDbContext db, string name, object value) =>
        db.Database.IsNpgsql() ? new Npgsql.NpgsqlParameter(name, value) : new Microsoft.Data.Sqlite.SqliteParameter(name, value);
}
