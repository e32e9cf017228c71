using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// HTTP libraries, command-line tools, headless browsers, scanners and crawlers, recognised by npm <c>isbot</c>'s
/// maintained pattern list (embedded by the build, see <c>AutomationClients.targets</c>) on top of uap-core's
/// <c>Spider</c> (README, "Automation clients").
/// </summary>
/// <remarks>
/// The documented rule for a string that claims to be both a browser and a bot: a pattern match makes it a bot
/// unless uap-core named the handset (a device family other than <c>Other</c>, <c>Generic …</c>), which isbot's
/// shape rules mistake for a script in old phones' strings (<c>SAMSUNG-SGH-E740</c>); a headless or scripted
/// browser is a bot even then. Chosen over crawler-user-agents by measurement (README).
/// </remarks>
internal static partial class AutomationClients
{
    private static readonly Lazy<(string Version, Regex Plain, Regex LookingAround)> List = new(Load);

    /// <summary>Tokens only headless or scripted browsers send; they outrank a named device.</summary>
    private static readonly Regex Headless = new(
        @"HeadlessChrome|PhantomJS|SlimerJS|Electron/\S+ .*\bHeadless|\bSelenium\b|\bPuppeteer\b|\bPlaywright\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(50));

    /// <summary>The isbot release whose patterns are embedded (README, "Automation clients").</summary>
    public static string Version => List.Value.Version;

    public static bool IsAutomation(string userAgent, DeviceInfo device)
    {
        try
        {
            var (_, plain, lookingAround) = List.Value;
            if (!plain.IsMatch(userAgent) && !lookingAround.IsMatch(userAgent))
            {
                return false;
            }

            return !NamesHandset(device) || Headless.IsMatch(userAgent);
        }
        catch (RegexMatchTimeoutException)
        {
            // No evidence either way; uap-core's own rules give up the same way (a hostile string is still cut and cleaned).
            return false;
        }
    }

    private static bool NamesHandset(DeviceInfo device) =>
        device.Family != DeviceInfo.Unknown.Family && !device.Family.StartsWith("Generic", StringComparison.Ordinal);

    private static (string, Regex, Regex) Load()
    {
        using var stream = typeof(AutomationClients).Assembly.GetManifestResourceStream("LoginAudit.Data.UserAgents.isbot-patterns.json")
            ?? throw new InvalidOperationException("isbot's patterns are not embedded in LoginAudit.Data: build again (AutomationClients.targets).");
        var exported = JsonSerializer.Deserialize<ExportedPatterns>(stream)
            ?? throw new InvalidDataException("isbot's embedded pattern list is empty.");

        // isbot matches one case-insensitive alternation of its patterns; a string matches it when it matches either part.
        // The patterns without lookarounds (about 200) are one automaton (NonBacktracking: linear in the string), where the
        // backtracking engine tried every alternative at every position: about 350 µs of a cold parse's 400, measured with
        // benchmarks/ua-parse-side-by-side.
        // The few with a lookaround, which the automaton cannot express, stay backtracking, compiled (20 µs against 51 a
        // cold parse); their first match runs here, so that its JIT is not paid inside a sign-in's match timeout.
        var lookingAround = exported.Patterns.Where(pattern => LookaroundOrBackreference().IsMatch(pattern)).ToList();
        var plain = new Regex(
            Alternation(exported.Patterns.Except(lookingAround)),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking,
            TimeSpan.FromMilliseconds(100));
        var compiled = new Regex(
            Alternation(lookingAround), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
        try
        {
            compiled.IsMatch("warm-up");
        }
        catch (RegexMatchTimeoutException)
        {
            // The time check runs inside the compiled code: its JIT is done either way.
        }

        return (exported.Version, plain, compiled);
    }

    private static string Alternation(IEnumerable<string> patterns) => patterns.Any() ? string.Join('|', patterns) : "(?!)";

    [GeneratedRegex(@"\(\?<?[=!]|\\[1-9]")]
    private static partial Regex LookaroundOrBackreference();

    private sealed record ExportedPatterns(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("patterns")] string[] Patterns);
}
