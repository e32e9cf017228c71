using System.Text.RegularExpressions;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// One <c>regex</c> of regexes.yaml, built on first use so that start-up does not pay for the
/// ~1,200 expressions most user agents never reach.
/// </summary>
/// <remarks>
/// Only long expressions are built with <see cref="RegexOptions.Compiled"/>: they are the big crawler
/// alternations, which the interpreter retries slowly at every position of every user agent that reaches
/// them (measured: compiling the 14 longest browser expressions cut an uncached parse to about a third).
/// Compiling one costs milliseconds, which the short ones, found quickly by the interpreter's literal
/// search, would never earn back.
/// </remarks>
internal sealed class UapCoreRegex(string pattern, bool ignoreCase, TimeSpan matchTimeout)
{
    public const int CompiledFromLength = 100;

    private Regex? _regex;

    public string Pattern { get; } = pattern;

    /// <summary>Null when the expression does not match; throws <see cref="RegexMatchTimeoutException"/> on a hostile input.</summary>
    public Match? Match(string input)
    {
        var match = Regex.Match(input);
        return match.Success ? match : null;
    }

    // Racing threads may each build one; the last write wins and both are equivalent.
    private Regex Regex => _regex ??= new Regex(Pattern, Options, matchTimeout);

    private RegexOptions Options =>
        (ignoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.None)
        | (Pattern.Length >= CompiledFromLength ? RegexOptions.Compiled : RegexOptions.None);

    /// <summary>
    /// Interpolates <c>$1</c>..<c>$9</c> of a <c>*_replacement</c> with the match's groups (an absent
    /// group is empty), then trims; an empty result is null, as the specification asks.
    /// </summary>
    public static string? Interpolate(string replacement, Match match)
    {
        if (!replacement.Contains('$'))
        {
            return NullIfEmpty(replacement.Trim());
        }

        var result = new System.Text.StringBuilder(replacement.Length + 16);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '$' && i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]) && replacement[i + 1] != '0')
            {
                var group = replacement[i + 1] - '0';
                if (group < match.Groups.Count)
                {
                    result.Append(match.Groups[group].ValueSpan);
                }

                i++;
            }
            else
            {
                result.Append(c);
            }
        }

        return NullIfEmpty(result.ToString().Trim());
    }

    /// <summary>The text of group <paramref name="group"/>, or null when the expression has no such group or it captured nothing.</summary>
    public static string? Group(Match match, int group) =>
        group < match.Groups.Count ? NullIfEmpty(match.Groups[group].Value) : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
