using LoginAudit.Data.UserAgents;
using Xunit.Abstractions;

namespace LoginAudit.Tests.UserAgents;

/// <summary>
/// Runs uap-core's suites through the evaluator of regexes.yaml (the parser without its cache, cap and
/// device classification, tested in <see cref="UapCoreUserAgentParserTests"/>), one part at a time as
/// each suite checks one part. One test per file lists every mismatch: thousands of theory rows would
/// cost more than the parsing itself.
/// </summary>
public sealed class UapCoreConformanceTests(ITestOutputHelper output)
{
    private const int MismatchesShown = 20;

    private static UapCoreRules Rules => UapCoreUserAgentParser.SharedRules;

    [Theory]
    [InlineData("test_ua.yaml")]
    public void BrowserSuite_EveryCase_MatchesUapCore(string fileName) => AssertNoMismatches(fileName, BrowserFields);

    [Theory]
    [InlineData("test_os.yaml")]
    public void OsSuite_EveryCase_MatchesUapCore(string fileName) => AssertNoMismatches(fileName, OsFields);

    [Theory]
    [InlineData("test_device.yaml")]
    public void DeviceSuite_EveryCase_MatchesUapCore(string fileName) => AssertNoMismatches(fileName, DeviceFields);

    /// <summary>uap-core does not require these to pass (some are historical lists); this writes the pass rates.</summary>
    [Fact]
    public void AdditionalSuites_PassRates_AreReported()
    {
        (string File, Func<string, IReadOnlyDictionary<string, string?>> Fields)[] suites =
        [
            ("additional_os_tests.yaml", OsFields),
            ("firefox_user_agent_strings.yaml", BrowserFields),
            ("opera_mini_user_agent_strings.yaml", BrowserFields),
            ("pgts_browser_list.yaml", BrowserFields),
            ("podcasting_user_agent_strings.yaml", BrowserFields),
        ];

        foreach (var (file, fields) in suites)
        {
            var cases = UapCoreConformance.Load(file);
            var mismatches = Mismatches(cases, fields);
            output.WriteLine($"{file}: {cases.Count - mismatches.Count}/{cases.Count} pass");
            Assert.NotEmpty(cases);
        }
    }

    private void AssertNoMismatches(string fileName, Func<string, IReadOnlyDictionary<string, string?>> fields)
    {
        var cases = UapCoreConformance.Load(fileName);
        var mismatches = Mismatches(cases, fields);

        output.WriteLine($"{fileName}: {cases.Count - mismatches.Count}/{cases.Count} pass");
        Assert.NotEmpty(cases);
        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {cases.Count} cases in {fileName} differ; the first {MismatchesShown}:\n" +
            string.Join('\n', mismatches.Take(MismatchesShown)));
    }

    // In parallel: the evaluator is thread-safe, and the suites hold some 30,000 user agents.
    private static List<string> Mismatches(
        IReadOnlyList<IReadOnlyDictionary<string, string?>> cases,
        Func<string, IReadOnlyDictionary<string, string?>> fields) =>
        cases.AsParallel().AsOrdered()
            .Select(testCase => Mismatch(testCase, fields))
            .OfType<string>()
            .ToList();

    private static string? Mismatch(IReadOnlyDictionary<string, string?> testCase, Func<string, IReadOnlyDictionary<string, string?>> fields)
    {
        var userAgent = testCase["user_agent_string"] ?? string.Empty;
        var differences = fields(userAgent)
            .Where(field => testCase.ContainsKey(field.Key) && testCase[field.Key] != field.Value)
            .Select(field => $"{field.Key}: expected '{testCase[field.Key]}', got '{field.Value}'")
            .ToArray();
        return differences.Length == 0 ? null : $"  {userAgent}\n    {string.Join("; ", differences)}";
    }

    private static IReadOnlyDictionary<string, string?> BrowserFields(string userAgent)
    {
        var browser = Rules.ParseBrowser(userAgent);
        return new Dictionary<string, string?>
        {
            ["family"] = browser.Family,
            ["major"] = browser.Major,
            ["minor"] = browser.Minor,
            ["patch"] = browser.Patch,
        };
    }

    private static IReadOnlyDictionary<string, string?> OsFields(string userAgent)
    {
        var os = Rules.ParseOs(userAgent);
        return new Dictionary<string, string?>
        {
            ["family"] = os.Family,
            ["major"] = os.Major,
            ["minor"] = os.Minor,
            ["patch"] = os.Patch,
            ["patch_minor"] = os.PatchMinor,
        };
    }

    private static IReadOnlyDictionary<string, string?> DeviceFields(string userAgent)
    {
        var device = Rules.ParseDevice(userAgent);
        return new Dictionary<string, string?>
        {
            ["family"] = device.Family,
            ["brand"] = device.Brand,
            ["model"] = device.Model,
        };
    }
}
