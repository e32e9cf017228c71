using System.Diagnostics;
using System.Text.Json;
using LoginAudit.Data.UserAgents;
using YamlDotNet.RepresentationModel;

namespace LoginAudit.Benchmarks;

/// <summary>
/// <c>cold-parse CONFORMANCE_FOLDER STRINGS_OUT</c>: the mean time of a parse that no cache answers, over the
/// distinct <c>user_agent_string</c>s of uap-core's three required suites, written to STRINGS_OUT (a JSON array) so that
/// another parser (benchmarks/ua-parse-side-by-side.sh runs ua-parser-js) times the very same strings.
/// </summary>
/// <remarks>
/// One pass builds what the strings reach (each expression is built on first use, long ones compiled in the
/// background) and is reported as <c>first_pass_mean_us</c>; then <see cref="MeasuredPasses"/> passes run
/// and their median mean is <c>mean_us</c>. The other side of the comparison follows the same protocol.
/// </remarks>
internal static class ColdParseTiming
{
    public const int MeasuredPasses = 5;

    public static int Run(string conformanceFolder, string stringsOut)
    {
        var userAgents = DistinctUserAgents(conformanceFolder);
        File.WriteAllText(stringsOut, JsonSerializer.Serialize(userAgents));

        var parser = new UapCoreUserAgentParser(cacheSize: 0, UapCoreUserAgentParser.DefaultMatchTimeout);
        var firstPass = MeanMicroseconds(parser, userAgents);
        SpinWait.SpinUntil(() => UapCoreRegex.PendingCompilations == 0, TimeSpan.FromMinutes(5));

        var passes = Enumerable.Range(0, MeasuredPasses).Select(_ => MeanMicroseconds(parser, userAgents)).Order().ToArray();
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["parser"] = "LoginAudit UapCoreUserAgentParser, cache off",
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["strings"] = userAgents.Length,
            ["first_pass_mean_us"] = Math.Round(firstPass, 1),
            ["mean_us"] = Math.Round(passes[passes.Length / 2], 1),
            ["pass_means_us"] = passes.Select(pass => Math.Round(pass, 1)).ToArray(),
        }));
        return 0;
    }

    private static double MeanMicroseconds(UapCoreUserAgentParser parser, string[] userAgents)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var userAgent in userAgents)
        {
            parser.Parse(userAgent);
        }

        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / userAgents.Length;
    }

    /// <summary>The suites uap-core requires every port to pass (its historical lists are not among them).</summary>
    private static readonly string[] Suites = ["test_ua.yaml", "test_os.yaml", "test_device.yaml"];

    /// <summary>The suites' user agents, each once (17,620 in uap-core 0.18.0), in the order first met.</summary>
    private static string[] DistinctUserAgents(string folder)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>();
        foreach (var suite in Suites)
        {
            using var reader = File.OpenText(Path.Combine(folder, suite));
            var yaml = new YamlStream();
            yaml.Load(reader);
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            foreach (var testCase in ((YamlSequenceNode)root.Children[new YamlScalarNode("test_cases")]).Children.Cast<YamlMappingNode>())
            {
                if (testCase.Children.TryGetValue(new YamlScalarNode("user_agent_string"), out var value)
                    && ((YamlScalarNode)value).Value is { Length: > 0 } userAgent && seen.Add(userAgent))
                {
                    ordered.Add(userAgent);
                }
            }
        }

        return [.. ordered];
    }
}
