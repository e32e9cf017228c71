using LoginAudit.Web.Commands;

namespace LoginAudit.Tests.Commands;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, false)]
    [InlineData(new[] { "--environment", "Production" }, false)]
    [InlineData(new[] { "parse-ua" }, true)]
    [InlineData(new[] { "no-such-command" }, true)]
    public void IsCommand_HostOptionsServeAndWordsAreCommands(string[] args, bool expected) =>
        Assert.Equal(expected, CommandLine.IsCommand(args));

    [Fact]
    public async Task Run_UnknownCommand_WritesAClearMessageToStandardErrorAndExitsWith2()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(["no-such-command"], output, error, TextReader.Null, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains("no-such-command", error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Run_ParseUa_WritesOneJsonLineForEachInputLine()
    {
        var output = new StringWriter();
        var input = new StringReader("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1\nGooglebot/2.1 (+http://www.google.com/bot.html)\n");

        var exitCode = await CommandLine.RunAsync(["parse-ua"], output, new StringWriter(), input, CancellationToken.None);

        Assert.Equal(0, exitCode);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"device_type\":\"Mobile\"", lines[0]);
        Assert.Contains("\"is_bot\":true", lines[1]);
    }
}
