using System.Globalization;
using System.Text;

namespace LoginAudit.Data.Auditing;

/// <summary>Makes untrusted text (user agents, attempted user names) safe to store and show.</summary>
public static class AuditText
{
    /// <summary>
    /// Turns line breaks and tabs into single spaces, drops other control and invisible formatting characters
    /// (NUL, escape, bidirectional overrides, zero-width marks), trims, and cuts to <paramref name="maxLength"/>
    /// without splitting a surrogate pair.
    /// Returns null for null or nothing left.
    /// </summary>
    public static string? Clean(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // Bound the work first: a hostile header can be tens of kilobytes.
        var input = value.Length > maxLength * 4 ? value.AsSpan(0, maxLength * 4) : value.AsSpan();
        var builder = new StringBuilder(Math.Min(input.Length, maxLength));
        foreach (var c in input)
        {
            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                continue;
            }

            if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                continue;
            }

            builder.Append(c);
        }

        var cleaned = builder.ToString().Trim();
        if (cleaned.Length > maxLength)
        {
            var cut = char.IsHighSurrogate(cleaned[maxLength - 1]) ? maxLength - 1 : maxLength;
            cleaned = cleaned[..cut].TrimEnd();
        }

        return cleaned.Length == 0 ? null : cleaned;
    }
}
