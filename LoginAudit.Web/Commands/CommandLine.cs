using System.CommandLine;
using LoginAudit.Data;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Web.Commands;

/// <summary>
/// The commands of the LoginAudit.Web executable. The first argument names the command; anything else
/// (no arguments, or host options such as --urls) serves the app.
/// </summary>
internal static class CommandLine
{
    private const int UsageError = 2;

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader input, CancellationToken cancellationToken)
    {
        var root = new RootCommand("LoginAudit: the login-audit dashboard. Without a command it serves the app.");
        root.Subcommands.Add(ParseUa(input, output, cancellationToken));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run 'LoginAudit.Web --help' for the commands and their options.");
            return UsageError;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static Command ParseUa(TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var command = new Command("parse-ua", "Reads user-agent strings from standard input, one a line, and writes one JSON object a line.");
        command.SetAction(_ => ParseUaCommand.RunAsync(input, output, CommandServices.UserAgentParser(), cancellationToken));
        return command;
    }
}

/// <summary>Services for commands, built from the same configuration as the app, independent of the working directory.</summary>
internal static class CommandServices
{
    public static IUserAgentParser UserAgentParser() =>
        new ServiceCollection().AddLoginAuditUserAgents().BuildServiceProvider().GetRequiredService<IUserAgentParser>();

    public static ServiceProvider Build(string[] hostArgs)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(hostArgs)
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration);
        services.AddLoginAuditData(configuration);
        return services.BuildServiceProvider();
    }
}
