using YamlDotNet.RepresentationModel;

namespace LoginAudit.Tests.UserAgents;

/// <summary>uap-core's own test suites, kept beside the repository in <c>shared/conformance/uap-core</c>.</summary>
internal static class UapCoreConformance
{
    private const string RelativeFolder = "shared/conformance/uap-core";

    private static readonly Lazy<string> Folder = new(FindFolder);

    /// <summary>The <c>test_cases</c> of one suite, each a field-to-value map; an empty YAML value is null.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string?>> Load(string fileName)
    {
        using var reader = File.OpenText(Path.Combine(Folder.Value, fileName));
        var yaml = new YamlStream();
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlSequenceNode)root.Children[new YamlScalarNode("test_cases")]).Children
            .Cast<YamlMappingNode>()
            .Select(testCase => (IReadOnlyDictionary<string, string?>)testCase.Children.ToDictionary(
                pair => ((YamlScalarNode)pair.Key).Value!,
                pair => NullIfEmpty(((YamlScalarNode)pair.Value).Value)))
            .ToArray();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // The test binaries sit deep under the repository; the shared folder is beside the repository root.
    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativeFolder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"uap-core's conformance suites were not found: no folder above {AppContext.BaseDirectory} contains {RelativeFolder}. " +
            "They are expected beside the repository (../shared/conformance/uap-core from its root).");
    }
}
