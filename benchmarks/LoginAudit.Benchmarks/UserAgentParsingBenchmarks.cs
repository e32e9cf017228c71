using BenchmarkDotNet.Attributes;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Benchmarks;

/// <summary>
/// What a sign-in costs the parser: a user agent seen before (cache hit), one never seen (every
/// expression up to the first match, for browser, OS and device), and a cold start.
/// </summary>
[MemoryDiagnoser]
public class UserAgentParsingBenchmarks
{
    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    ];

    private UapCoreUserAgentParser _cachingParser = null!;
    private UapCoreUserAgentParser _uncachedParser = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cachingParser = new UapCoreUserAgentParser();
        _uncachedParser = new UapCoreUserAgentParser(cacheSize: 0, UapCoreUserAgentParser.DefaultMatchTimeout);
        foreach (var userAgent in UserAgents)
        {
            _cachingParser.Parse(userAgent);
            _uncachedParser.Parse(userAgent);
        }

        // Measure the steady state, not the interpreter racing the thread pool's compiler.
        SpinWait.SpinUntil(() => UapCoreRegex.PendingCompilations == 0, TimeSpan.FromMinutes(1));
    }

    [Benchmark(OperationsPerInvoke = 6)]
    public void ParseWarm()
    {
        foreach (var userAgent in UserAgents)
        {
            _cachingParser.Parse(userAgent);
        }
    }

    /// <summary>Every expression up to the first match, already built by the set-up, but no cache.</summary>
    [Benchmark(OperationsPerInvoke = 6)]
    public void ParseUncached()
    {
        foreach (var userAgent in UserAgents)
        {
            _uncachedParser.Parse(userAgent);
        }
    }

    /// <summary>
    /// A fresh parser on freshly read expressions: the embedded YAML, then building what the first user
    /// agent reaches. Background compiling is off, or each iteration would leave work on the thread pool
    /// that slows the next one.
    /// </summary>
    [Benchmark]
    public UserAgentInfo ColdStart() =>
        new UapCoreUserAgentParser(
            UapCoreRules.LoadEmbedded(UapCoreUserAgentParser.DefaultMatchTimeout, compileLongExpressions: false),
            UapCoreUserAgentParser.DefaultCacheSize)
        .Parse(UserAgents[0]);
}
