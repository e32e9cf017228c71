using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// The three ordered lists of uap-core's regexes.yaml, evaluated as its docs/specification.md says:
/// the first matching expression wins, matching is unanchored and case-sensitive unless a device
/// expression has <c>regex_flag: 'i'</c>, and nothing matched means family "Other".
/// </summary>
internal sealed class UapCoreRules
{
    public const string EmbeddedResourceName = "LoginAudit.Data.UserAgents.regexes.yaml";

    private readonly IReadOnlyList<UserAgentRule> _userAgentRules;
    private readonly IReadOnlyList<OsRule> _osRules;
    private readonly IReadOnlyList<DeviceRule> _deviceRules;

    private UapCoreRules(IReadOnlyList<UserAgentRule> userAgentRules, IReadOnlyList<OsRule> osRules, IReadOnlyList<DeviceRule> deviceRules)
    {
        _userAgentRules = userAgentRules;
        _osRules = osRules;
        _deviceRules = deviceRules;
    }

    /// <summary>Reads the regexes.yaml the build embedded in this assembly (see UapCoreRegexes.targets).</summary>
    /// <param name="matchTimeout">The longest one expression may run on one user agent.</param>
    /// <param name="compileLongExpressions">Whether long expressions get compiled in the background after first use (see <see cref="UapCoreRegex"/>).</param>
    public static UapCoreRules LoadEmbedded(TimeSpan matchTimeout, bool compileLongExpressions = true)
    {
        using var stream = typeof(UapCoreRules).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException(
                $"The embedded resource {EmbeddedResourceName} is missing from {typeof(UapCoreRules).Assembly.GetName().Name}; " +
                "the build embeds node_modules/uap-core/regexes.yaml (see LoginAudit.Data/UserAgents/UapCoreRegexes.targets).");
        using var reader = new StreamReader(stream);
        return Load(reader, matchTimeout, compileLongExpressions);
    }

    public static UapCoreRules Load(TextReader yaml, TimeSpan matchTimeout, bool compileLongExpressions)
    {
        var document = new YamlStream();
        document.Load(yaml);
        var root = (YamlMappingNode)document.Documents[0].RootNode;

        return new UapCoreRules(
            Entries(root, "user_agent_parsers").Select(entry => new UserAgentRule(
                Regex(entry, matchTimeout, compileLongExpressions),
                entry.GetValueOrDefault("family_replacement"),
                entry.GetValueOrDefault("v1_replacement"),
                entry.GetValueOrDefault("v2_replacement"),
                entry.GetValueOrDefault("v3_replacement"))).ToArray(),
            Entries(root, "os_parsers").Select(entry => new OsRule(
                Regex(entry, matchTimeout, compileLongExpressions),
                entry.GetValueOrDefault("os_replacement"),
                entry.GetValueOrDefault("os_v1_replacement"),
                entry.GetValueOrDefault("os_v2_replacement"),
                entry.GetValueOrDefault("os_v3_replacement"),
                entry.GetValueOrDefault("os_v4_replacement"))).ToArray(),
            Entries(root, "device_parsers").Select(entry => new DeviceRule(
                Regex(entry, matchTimeout, compileLongExpressions),
                entry.GetValueOrDefault("device_replacement"),
                entry.GetValueOrDefault("brand_replacement"),
                entry.GetValueOrDefault("model_replacement"))).ToArray());
    }

    /// <exception cref="RegexMatchTimeoutException">An expression ran past its timeout.</exception>
    public BrowserInfo ParseBrowser(string userAgent)
    {
        foreach (var rule in _userAgentRules)
        {
            if (rule.Regex.Match(userAgent) is { } match)
            {
                return rule.Apply(match);
            }
        }

        return BrowserInfo.Unknown;
    }

    /// <exception cref="RegexMatchTimeoutException">An expression ran past its timeout.</exception>
    public OsInfo ParseOs(string userAgent)
    {
        foreach (var rule in _osRules)
        {
            if (rule.Regex.Match(userAgent) is { } match)
            {
                return rule.Apply(match);
            }
        }

        return OsInfo.Unknown;
    }

    /// <exception cref="RegexMatchTimeoutException">An expression ran past its timeout.</exception>
    public DeviceInfo ParseDevice(string userAgent)
    {
        foreach (var rule in _deviceRules)
        {
            if (rule.Regex.Match(userAgent) is { } match)
            {
                return rule.Apply(match);
            }
        }

        return DeviceInfo.Unknown;
    }

    private static IEnumerable<Dictionary<string, string>> Entries(YamlMappingNode root, string section) =>
        ((YamlSequenceNode)root.Children[new YamlScalarNode(section)]).Children
            .Cast<YamlMappingNode>()
            .Select(entry => entry.Children.ToDictionary(
                pair => ((YamlScalarNode)pair.Key).Value!,
                pair => ((YamlScalarNode)pair.Value).Value ?? string.Empty));

    private static UapCoreRegex Regex(Dictionary<string, string> entry, TimeSpan matchTimeout, bool compileLongExpressions) =>
        new(entry["regex"], entry.GetValueOrDefault("regex_flag") == "i", matchTimeout, compileLongExpressions);

    private static string? Pick(string? replacement, Match match, int group) =>
        replacement is null ? UapCoreRegex.Group(match, group) : UapCoreRegex.Interpolate(replacement, match);

    private sealed record UserAgentRule(UapCoreRegex Regex, string? Family, string? Major, string? Minor, string? Patch)
    {
        public BrowserInfo Apply(Match match) => new(
            Pick(Family, match, 1) ?? BrowserInfo.Unknown.Family,
            Pick(Major, match, 2),
            Pick(Minor, match, 3),
            Pick(Patch, match, 4));
    }

    private sealed record OsRule(UapCoreRegex Regex, string? Family, string? Major, string? Minor, string? Patch, string? PatchMinor)
    {
        public OsInfo Apply(Match match) => new(
            Pick(Family, match, 1) ?? OsInfo.Unknown.Family,
            Pick(Major, match, 2),
            Pick(Minor, match, 3),
            Pick(Patch, match, 4),
            Pick(PatchMinor, match, 5));
    }

    /// <summary>Without replacements, group 1 is both the family and the model; the brand has no default.</summary>
    private sealed record DeviceRule(UapCoreRegex Regex, string? Family, string? Brand, string? Model)
    {
        public DeviceInfo Apply(Match match) => new(
            Pick(Family, match, 1) ?? DeviceInfo.Unknown.Family,
            Brand is null ? null : UapCoreRegex.Interpolate(Brand, match),
            Pick(Model, match, 1));
    }
}
