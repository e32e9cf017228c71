using System.Text.RegularExpressions;
using LoginAudit.Data.Auditing;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// <see cref="IUserAgentParser"/> on uap-core's regexes.yaml (embedded at build time). Register it
/// once (it is thread-safe). The expressions are read once per process and shared by every parser with
/// the default timeout; each is built the first time a user agent reaches it.
/// </summary>
/// <remarks>
/// Guards against hostile input: the string is cut to <see cref="LoginLogLimits.UserAgent"/> characters
/// (what the audit table keeps, and longer than any real user agent in uap-core's test suites), control
/// characters become spaces (no real user agent has them, and a captured group must not carry them into
/// the audit log or onto a page), each
/// expression has a match timeout, and a timeout makes that part (browser, OS or device) "Other"
/// instead of trying the remaining expressions. Results are kept in a bounded cache, except those cut
/// short by a timeout: a busy moment must not pin "Other" on a real user agent.
/// </remarks>
public sealed class UapCoreUserAgentParser : IUserAgentParser
{
    /// <summary>Entries per cache generation; the cache holds at most about twice as many.</summary>
    public const int DefaultCacheSize = 1024;

    /// <summary>
    /// Real user agents match in microseconds, but the first match of a compiled expression includes
    /// its JIT, which on a loaded machine took over 100 ms; a second only stops pathological backtracking.
    /// </summary>
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromSeconds(1);

    // Immutable and costly to build (long expressions get compiled): one set serves the whole process.
    private static readonly Lazy<UapCoreRules> DefaultRules = new(() => UapCoreRules.LoadEmbedded(DefaultMatchTimeout));

    private readonly UapCoreRules _rules;
    private readonly BoundedCache<string, UserAgentInfo>? _cache;

    public UapCoreUserAgentParser()
        : this(DefaultCacheSize, DefaultMatchTimeout)
    {
    }

    /// <param name="cacheSize">Entries per cache generation; 0 turns the cache off.</param>
    /// <param name="matchTimeout">The longest one expression may run on one user agent.</param>
    public UapCoreUserAgentParser(int cacheSize, TimeSpan matchTimeout)
        : this(matchTimeout == DefaultMatchTimeout ? DefaultRules.Value : UapCoreRules.LoadEmbedded(matchTimeout), cacheSize)
    {
    }

    internal UapCoreUserAgentParser(UapCoreRules rules, int cacheSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheSize);
        _rules = rules;
        _cache = cacheSize == 0 ? null : new BoundedCache<string, UserAgentInfo>(cacheSize, StringComparer.Ordinal);
    }

    /// <summary>The expressions every parser with the default timeout uses.</summary>
    internal static UapCoreRules SharedRules => DefaultRules.Value;

    /// <summary>Results held in the cache now (0 when it is off).</summary>
    public int CachedCount => _cache?.Count ?? 0;

    public UserAgentInfo Parse(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return UserAgentInfo.Unknown;
        }

        var capped = WithoutControlCharacters(
            userAgent.Length > LoginLogLimits.UserAgent ? userAgent[..LoginLogLimits.UserAgent] : userAgent);
        if (_cache is not null && _cache.TryGetValue(capped, out var cached))
        {
            return cached;
        }

        var timedOut = false;
        var browser = OrUnknown(_rules.ParseBrowser, capped, BrowserInfo.Unknown, ref timedOut);
        var os = OrUnknown(_rules.ParseOs, capped, OsInfo.Unknown, ref timedOut);
        var device = OrUnknown(_rules.ParseDevice, capped, DeviceInfo.Unknown, ref timedOut);
        var (deviceType, isBot) = DeviceClassifier.Classify(capped, browser, os, device);
        var info = new UserAgentInfo(browser, os, device, deviceType, isBot);

        if (_cache is not null && !timedOut)
        {
            _cache.Add(capped, info);
        }

        return info;
    }

    // The ranges are what char.IsControl accepts; the span search is vectorised, as this runs on every parse.
    private static string WithoutControlCharacters(string text) =>
        text.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0
            ? string.Create(text.Length, text, (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = char.IsControl(source[i]) ? ' ' : source[i];
                }
            })
            : text;

    private static T OrUnknown<T>(Func<string, T> parse, string userAgent, T unknown, ref bool timedOut)
    {
        try
        {
            return parse(userAgent);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return unknown;
        }
    }
}
