using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LoginAudit.Data;

/// <summary>Times are stored in UTC as sortable text; this gives them back as <see cref="DateTimeKind.Utc"/>.</summary>
internal static class UtcDateTime
{
    public static readonly ValueConverter<DateTime, DateTime> Converter = new(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static readonly ValueConverter<DateTime?, DateTime?> NullableConverter = new(
        value => value.HasValue ? (value.Value.Kind == DateTimeKind.Utc ? value : value.Value.ToUniversalTime()) : value,
        value => value.HasValue ? DateTime.SpecifyKind(value.Value, DateTimeKind.Utc) : value);

    /// <summary>A time as Microsoft.Data.Sqlite stores a <see cref="DateTime"/> (and so EF Core on SQLite): text whose order is time order.</summary>
    public static string SqliteText(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
