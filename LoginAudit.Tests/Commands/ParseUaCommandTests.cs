using System.Text.Json;
using LoginAudit.Data.UserAgents;
using LoginAudit.Web.Commands;

namespace LoginAudit.Tests.Commands;

public sealed class ParseUaCommandTests
{
    private static readonly UapCoreUserAgentParser Parser = new();

    [Fact]
    public async Task RunAsync_OneUserAgent_WritesUapCoreShapedJson()
    {
        var (exitCode, lines) = await RunAsync(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(Assert.Single(lines));
        var root = document.RootElement;
        Assert.Equal(["ua", "os", "device", "device_type", "is_bot"], root.EnumerateObject().Select(property => property.Name));
        AssertFields(root.GetProperty("ua"), ("family", "Mobile Safari"), ("major", "17"), ("minor", "4"), ("patch", "1"));
        AssertFields(root.GetProperty("os"), ("family", "iOS"), ("major", "17"), ("minor", "4"), ("patch", "1"), ("patch_minor", null));
        AssertFields(root.GetProperty("device"), ("family", "iPhone"), ("brand", "Apple"), ("model", "iPhone"));
        Assert.Equal("Mobile", root.GetProperty("device_type").GetString());
        Assert.False(root.GetProperty("is_bot").GetBoolean());
    }

    [Fact]
    public async Task RunAsync_UnknownUserAgent_WritesNullsNotMissingFields()
    {
        var (_, lines) = await RunAsync("");

        using var document = JsonDocument.Parse(Assert.Single(lines));
        var root = document.RootElement;
        AssertFields(root.GetProperty("ua"), ("family", "Other"), ("major", null), ("minor", null), ("patch", null));
        AssertFields(root.GetProperty("os"), ("family", "Other"), ("major", null), ("minor", null), ("patch", null), ("patch_minor", null));
        AssertFields(root.GetProperty("device"), ("family", "Other"), ("brand", null), ("model", null));
        Assert.Equal("Other", root.GetProperty("device_type").GetString());
    }

    [Fact]
    public async Task RunAsync_SeveralLines_WritesOneObjectPerLineInOrder()
    {
        var (_, lines) = await RunAsync(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
            "Mozilla/5.0 \"quoted\" \\ </script> é");

        Assert.Equal(3, lines.Length);
        using var bot = JsonDocument.Parse(lines[0]);
        Assert.True(bot.RootElement.GetProperty("is_bot").GetBoolean());
        Assert.Equal("Bot", bot.RootElement.GetProperty("device_type").GetString());
        using var firefox = JsonDocument.Parse(lines[1]);
        Assert.Equal("Firefox", firefox.RootElement.GetProperty("ua").GetProperty("family").GetString());
        Assert.Equal("Desktop", firefox.RootElement.GetProperty("device_type").GetString());
        using var odd = JsonDocument.Parse(lines[2]);
        Assert.Equal(JsonValueKind.Object, odd.RootElement.ValueKind);
    }

    [Fact]
    public async Task RunAsync_NoInput_WritesNothing()
    {
        var output = new StringWriter();

        var exitCode = await ParseUaCommand.RunAsync(new StringReader(""), output, Parser, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal("", output.ToString());
    }

    private static async Task<(int ExitCode, string[] Lines)> RunAsync(params string[] userAgents)
    {
        var output = new StringWriter();
        var exitCode = await ParseUaCommand.RunAsync(
            new StringReader(string.Join('\n', userAgents) + "\n"), output, Parser, CancellationToken.None);
        return (exitCode, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private static void AssertFields(JsonElement element, params (string Name, string? Value)[] expected)
    {
        Assert.Equal(expected.Select(field => field.Name), element.EnumerateObject().Select(property => property.Name));
        foreach (var (name, value) in expected)
        {
            var property = element.GetProperty(name);
            Assert.Equal(value is null ? JsonValueKind.Null : JsonValueKind.String, property.ValueKind);
            Assert.Equal(value, property.GetString());
        }
    }
}
