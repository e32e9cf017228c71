using System.Text;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// Reads the brand list of <c>Sec-CH-UA</c>, a structured-header list (RFC 8941) such as
/// <c>"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"</c>. Lenient by design: a
/// member that is not a quoted string is skipped, an unterminated string ends the list.
/// </summary>
internal static class BrandList
{
    public static IReadOnlyList<(string Brand, string? Version)> Parse(string header, int maxBrands)
    {
        var brands = new List<(string Brand, string? Version)>();
        var position = 0;
        while (position < header.Length && brands.Count < maxBrands)
        {
            SkipSpaces(header, ref position);
            if (position >= header.Length)
            {
                break;
            }

            if (header[position] != '"')
            {
                SkipPast(header, ',', ref position);
                continue;
            }

            if (ReadQuoted(header, ref position) is not { } brand)
            {
                break;
            }

            var version = ReadVersionParameter(header, ref position);
            if (brand.Length > 0)
            {
                brands.Add((brand, version));
            }

            SkipPast(header, ',', ref position);
        }

        return brands;
    }

    /// <summary>Reads <c>;key=value</c> parameters after an item and returns the value of <c>v</c>.</summary>
    private static string? ReadVersionParameter(string header, ref int position)
    {
        string? version = null;
        while (true)
        {
            SkipSpaces(header, ref position);
            if (position >= header.Length || header[position] != ';')
            {
                return version;
            }

            position++;
            SkipSpaces(header, ref position);
            var keyStart = position;
            while (position < header.Length && header[position] is not ('=' or ';' or ',' or ' '))
            {
                position++;
            }

            var key = header[keyStart..position];
            if (position >= header.Length || header[position] != '=')
            {
                continue;
            }

            position++;
            var value = position < header.Length && header[position] == '"'
                ? ReadQuoted(header, ref position)
                : ReadToken(header, ref position);
            if (key == "v")
            {
                version = value;
            }
        }
    }

    /// <summary>A quoted string with <c>\"</c> and <c>\\</c> escapes, or null when it never ends.</summary>
    private static string? ReadQuoted(string header, ref int position)
    {
        var text = new StringBuilder();
        for (position++; position < header.Length; position++)
        {
            var c = header[position];
            if (c == '"')
            {
                position++;
                return text.ToString();
            }

            if (c == '\\' && position + 1 < header.Length)
            {
                position++;
                c = header[position];
            }

            text.Append(c);
        }

        return null;
    }

    private static string ReadToken(string header, ref int position)
    {
        var start = position;
        while (position < header.Length && header[position] is not (';' or ',' or ' '))
        {
            position++;
        }

        return header[start..position];
    }

    private static void SkipSpaces(string header, ref int position)
    {
        while (position < header.Length && header[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static void SkipPast(string header, char separator, ref int position)
    {
        while (position < header.Length && header[position] != separator)
        {
            position++;
        }

        position++;
    }
}
