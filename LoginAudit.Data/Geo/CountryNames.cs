using System.Collections.Frozen;
using System.Text.Json;

namespace LoginAudit.Data.Geo;

/// <summary>English country names by ISO 3166-1 alpha-2 code (npm <c>countries-list</c>, embedded at build time).</summary>
internal static class CountryNames
{
    private static readonly FrozenDictionary<string, string> Names = Load();

    /// <summary>The English name, or the code itself for a code the list does not know (a newer database).</summary>
    public static string NameOf(string countryCode) => Names.GetValueOrDefault(countryCode, countryCode);

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(CountryNames).Assembly.GetManifestResourceStream("LoginAudit.Data.Geo.countries.en.json")
            ?? throw new InvalidOperationException("The country names are not embedded in LoginAudit.Data: rebuild it (see Geo/GeoData.targets).");
        var names = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
            ?? throw new InvalidDataException("The embedded country names are not a JSON object.");
        return names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
