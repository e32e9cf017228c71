using System.Text.RegularExpressions;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// One <c>regex</c> of regexes.yaml, built on first use so that start-up does not pay for the
/// ~1,200 expressions most user agents never reach.
/// </summary>
/// <remarks>
/// Long expressions are the big crawler alternations, which the interpreter retries slowly at every
/// position of every user agent that reaches them; <see cref="RegexOptions.Compiled"/> cuts an uncached
/// parse to about a third. Compiling one costs tens of milliseconds, so it happens on the thread pool
/// after first use while the interpreted one keeps answering: a cold start stays fast, and the short
/// expressions, found quickly by the interpreter's literal search, are never compiled.
/// </remarks>
internal sealed class UapCoreRegex(string pattern, bool ignoreCase, TimeSpan matchTimeout, bool compileWhenLong)
{
    public const int CompiledFromLength = 100;

    private static int s_pendingCompilations;

    private Regex? _interpreted;
    private volatile Regex? _compiled;
    private int _compileQueued;

    public string Pattern { get; } = pattern;

    /// <summary>Compilations queued and not finished yet, in the whole process (benchmarks wait for 0).</summary>
    public static int PendingCompilations => Volatile.Read(ref s_pendingCompilations);

    /// <summary>Null when the expression does not match; throws <see cref="RegexMatchTimeoutException"/> on a hostile input.</summary>
    public Match? Match(string input)
    {
        var match = Regex.Match(input);
        return match.Success ? match : null;
    }

    private Regex Regex
    {
        get
        {
            if (_compiled is { } compiled)
            {
                return compiled;
            }

            // Racing threads may each build one; the last write wins and both are equivalent.
            var interpreted = _interpreted ??= new Regex(Pattern, Options, matchTimeout);
            if (compileWhenLong && Pattern.Length >= CompiledFromLength && Interlocked.Exchange(ref _compileQueued, 1) == 0)
            {
                Interlocked.Increment(ref s_pendingCompilations);
                ThreadPool.QueueUserWorkItem(_ =>
                {
                    _compiled = new Regex(Pattern, Options | RegexOptions.Compiled, matchTimeout);
                    Interlocked.Decrement(ref s_pendingCompilations);
                });
            }

            return interpreted;
        }
    }

    private RegexOptions Options =>
        ignoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.None;

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
