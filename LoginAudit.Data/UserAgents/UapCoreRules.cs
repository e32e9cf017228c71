using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// The three ordered lists of uap-core's regexes.yaml, evaluated as its docs/specification.md says:
/// the first matching expression wins, matching is unanchored and case-sensitive unless a device
/// expression has <c>regex_flag: 'i'</c>, and nothing matched means family "Other". Each list is
/// prefiltered (<see cref="RequiredLiterals"/>, <see cref="LiteralScanner"/>): an expression runs only on a
/// user agent that holds the literals every match of it holds, which leaves a few of the ~1,200 to run.
/// </summary>
internal sealed class UapCoreRules
{
    public const string EmbeddedResourceName = "LoginAudit.Data.UserAgents.regexes.yaml";

    private readonly FilteredRules<UserAgentRule> _userAgentRules;
    private readonly FilteredRules<OsRule> _osRules;
    private readonly FilteredRules<DeviceRule> _deviceRules;

    private UapCoreRules(IReadOnlyList<UserAgentRule> userAgentRules, IReadOnlyList<OsRule> osRules, IReadOnlyList<DeviceRule> deviceRules)
    {
        _userAgentRules = new(userAgentRules);
        _osRules = new(osRules);
        _deviceRules = new(deviceRules);
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
    public BrowserInfo ParseBrowser(string userAgent) =>
        _userAgentRules.FirstMatch(userAgent, static (rule, match) => rule.Apply(match), BrowserInfo.Unknown);

    /// <exception cref="RegexMatchTimeoutException">An expression ran past its timeout.</exception>
    public OsInfo ParseOs(string userAgent) =>
        _osRules.FirstMatch(userAgent, static (rule, match) => rule.Apply(match), OsInfo.Unknown);

    /// <exception cref="RegexMatchTimeoutException">An expression ran past its timeout.</exception>
    public DeviceInfo ParseDevice(string userAgent) =>
        _deviceRules.FirstMatch(userAgent, static (rule, match) => rule.Apply(match), DeviceInfo.Unknown);

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

    private interface IRule
    {
        UapCoreRegex Regex { get; }
    }

    /// <summary>
    /// One ordered list, prefiltered: a single <see cref="LiteralScanner"/> pass over the user agent marks
    /// the clauses of <see cref="RequiredLiterals"/> it satisfies, and only the expressions whose clauses
    /// are all satisfied run, still in file order.
    /// </summary>
    private sealed class FilteredRules<TRule>
        where TRule : IRule
    {
        // Enough for every list of regexes.yaml on the stack; a longer one gets a heap array.
        private const int StackLimit = 2048;

        private readonly IReadOnlyList<TRule> _rules;
        private readonly int[][] _clausesOf;
        private readonly LiteralScanner _scanner;

        public FilteredRules(IReadOnlyList<TRule> rules)
        {
            // Expressions share many clauses (" build" or ") applewebkit" in hundreds of device expressions): one number each.
            var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
            var clauses = new List<IReadOnlyCollection<string>>();
            int Number(IReadOnlyCollection<string> clause)
            {
                var key = string.Join('\n', clause.Order(StringComparer.Ordinal));
                if (!numbers.TryGetValue(key, out var number))
                {
                    number = numbers[key] = clauses.Count;
                    clauses.Add(clause);
                }

                return number;
            }

            _rules = rules;
            _clausesOf = rules.Select(rule => RequiredLiterals.Of(rule.Regex.Pattern).Select(Number).ToArray()).ToArray();
            _scanner = new LiteralScanner(clauses);
        }

        public TResult FirstMatch<TResult>(string userAgent, Func<TRule, Match, TResult> apply, TResult unknown)
        {
            var satisfied = _scanner.ClauseCount <= StackLimit ? stackalloc bool[_scanner.ClauseCount] : new bool[_scanner.ClauseCount];
            _scanner.FindSatisfied(userAgent, satisfied);
            for (var i = 0; i < _rules.Count; i++)
            {
                if (AllSatisfied(_clausesOf[i], satisfied) && _rules[i].Regex.Match(userAgent) is { } match)
                {
                    return apply(_rules[i], match);
                }
            }

            return unknown;
        }

        private static bool AllSatisfied(int[] clauses, ReadOnlySpan<bool> satisfied)
        {
            foreach (var clause in clauses)
            {
                if (!satisfied[clause])
                {
                    return false;
                }
            }

            return true;
        }
    }

    private sealed record UserAgentRule(UapCoreRegex Regex, string? Family, string? Major, string? Minor, string? Patch) : IRule
    {
        public BrowserInfo Apply(Match match) => new(
            Pick(Family, match, 1) ?? BrowserInfo.Unknown.Family,
            Pick(Major, match, 2),
            Pick(Minor, match, 3),
            Pick(Patch, match, 4));
    }

    private sealed record OsRule(UapCoreRegex Regex, string? Family, string? Major, string? Minor, string? Patch, string? PatchMinor) : IRule
    {
        public OsInfo Apply(Match match) => new(
            Pick(Family, match, 1) ?? OsInfo.Unknown.Family,
            Pick(Major, match, 2),
            Pick(Minor, match, 3),
            Pick(Patch, match, 4),
            Pick(PatchMinor, match, 5));
    }

    /// <summary>Without replacements, group 1 is both the family and the model; the brand has no default.</summary>
    private sealed record DeviceRule(UapCoreRegex Regex, string? Family, string? Brand, string? Model) : IRule
    {
        public DeviceInfo Apply(Match match) => new(
            Pick(Family, match, 1) ?? DeviceInfo.Unknown.Family,
            Brand is null ? null : UapCoreRegex.Interpolate(Brand, match),
            Pick(Model, match, 1));
    }
}
