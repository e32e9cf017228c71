using System.Net;
using LoginAudit.Data.History;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LoginAudit.Data.PostgreSql;

/// <summary>
/// How the one model maps to PostgreSQL, by convention over every entity type (so a table or column added on any branch
/// maps without PostgreSQL-specific work): the specification's types, byte-order text, and PostgreSQL's boolean literals.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Account ids (<c>AspNetUsers.Id</c> and every foreign key to it, <c>login_logs.user_id</c> among them) are
/// <c>uuid</c>: Identity makes them from <see cref="Guid.NewGuid"/>. Text that is no GUID reaches the database as
/// <see cref="Guid.Empty"/>, which no account has: a filter by such an id matches nothing, as on SQLite.</item>
/// <item>Every <c>ip_address</c> column is <c>inet</c>, read back as the text .NET writes for the address (which is how
/// LoginAudit stores it on SQLite too, see <c>LoginAuditRecorder.ClientAddress</c>).</item>
/// <item>Times are <c>timestamp with time zone</c>: Npgsql's mapping of a UTC <see cref="DateTime"/>.</item>
/// <item>Text compares and sorts by code point (collation <c>C</c>), as SQLite's BINARY does, so a sort, a range or a
/// prefix means the same on both; B-trees on text then also serve prefix <c>LIKE</c>.</item>
/// <item>Index filters written as SQLite's <c>flag = 1</c> / <c>flag = 0</c> become <c>flag</c> / <c>NOT flag</c>.</item>
/// </list>
/// </remarks>
internal static class PostgreSqlModel
{
    public const string IpAddressColumn = "ip_address";

    private static readonly ValueConverter<string, Guid> UserIdConverter = new(
        id => ToGuid(id),
        guid => guid.ToString());

    private static readonly ValueConverter<string, IPAddress> IpAddressConverter = new(
        text => IPAddress.Parse(text),
        address => address.ToString());

    public static void Apply(ModelBuilder builder)
    {
        builder.HasPostgresExtension("pg_trgm");

        // SQLite's FTS5 table; PostgreSQL's search index is login_log_search beside login_logs (PostgreSqlSearchIndex),
        // created by hand in its migration SearchIndexBesideLoginLogs like the FTS5 table on SQLite.
        builder.Ignore<LoginLogSearchEntry>();
        builder.Entity<LoginLogSearchRow>(row =>
        {
            row.ToTable(PostgreSqlSearchIndex.TableName, table => table.ExcludeFromMigrations());
            row.HasKey(indexed => indexed.Id);
            row.Property(indexed => indexed.Id).ValueGeneratedNever();
            row.UseSnakeCaseColumns();
        });
        // SQLite groups by sorting and walks this index in the rankings' group order; PostgreSQL hash-aggregates the roll-up
        // read by its key or in full (every plan of the bench's rankings, 7 days to a year, 2026-12-02), and would only maintain it.
        var failureSources = builder.Entity<LoginLogFailureSource>().Metadata;
        failureSources.RemoveIndex(failureSources.GetIndexes().Single(index => index.GetDatabaseName() == LoginLogFailureSourceConfiguration.BySourceIndex));

        builder.HasDbFunction(typeof(LoginLogSearch).GetMethod(nameof(LoginLogSearch.SearchText))!).HasName(LoginLogSearch.SearchTextFunction);
        builder.HasDbFunction(typeof(IpNetworks).GetMethod(nameof(IpNetworks.Text))!).HasName("host");

        var users = builder.Model.FindEntityType(typeof(ApplicationUser))!;
        UseUuid(users.FindPrimaryKey()!.Properties[0]);
        foreach (var foreignKey in users.GetReferencingForeignKeys())
        {
            UseUuid(foreignKey.Properties[0]);
        }

        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            foreach (var property in entityType.GetProperties())
            {
                if (property.ClrType == typeof(string) && property.GetColumnName() == IpAddressColumn)
                {
                    property.SetValueConverter(IpAddressConverter);
                    property.SetMaxLength(null);
                }

                if ((property.GetValueConverter()?.ProviderClrType ?? property.GetProviderClrType() ?? property.ClrType) == typeof(string))
                {
                    property.SetCollation("C");
                }
            }

            foreach (var index in entityType.GetIndexes())
            {
                if (index.GetFilter() is { } filter)
                {
                    index.SetFilter(WithBooleanLiterals(filter, entityType));
                }
            }
        }
    }

    private static Guid ToGuid(string id) => Guid.TryParse(id, out var guid) ? guid : Guid.Empty;

    private static void UseUuid(IMutableProperty property)
    {
        property.SetValueConverter(UserIdConverter);
        property.SetMaxLength(null);
    }

    private static string WithBooleanLiterals(string filter, IMutableEntityType entityType)
    {
        foreach (var flag in entityType.GetProperties().Where(property => property.ClrType == typeof(bool)))
        {
            var column = flag.GetColumnName();
            filter = filter.Replace($"{column} = 1", column, StringComparison.Ordinal).Replace($"{column} = 0", $"NOT {column}", StringComparison.Ordinal);
        }

        return filter;
    }
}
