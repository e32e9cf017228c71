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
        root.Subcommands.Add(SeedDemo(output, error, cancellationToken));
        root.Subcommands.Add(Bench(output, error, cancellationToken));
        root.Subcommands.Add(OperationsCommands.Verify(output, error, cancellationToken));
        root.Subcommands.Add(OperationsCommands.Purge(output, cancellationToken));
        root.Subcommands.Add(OperationsCommands.Export(output, error, cancellationToken));

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

    private static Command SeedDemo(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var events = new Option<int>("--events") { Description = "How many login_logs rows to write.", Required = true };
        var users = new Option<int>("--users") { Description = "How many demo users.", DefaultValueFactory = _ => 50 };
        var days = new Option<int>("--days") { Description = "How many days of history, ending now.", DefaultValueFactory = _ => 30 };
        var force = new Option<bool>("--force") { Description = "Write even into a database that holds non-demo data." };
        var command = new Command("seed-demo", "Writes realistic synthetic history into the configured database (refuses a database with real data unless --force).")
        {
            events, users, days, force,
        };
        command.SetAction(async parsed =>
        {
            await using var services = CommandServices.Build([]);
            return await SeedDemoCommand.RunAsync(
                services, parsed.GetValue(events), parsed.GetValue(users), parsed.GetValue(days), parsed.GetValue(force), output, error, cancellationToken);
        });
        return command;
    }

    private static Command Bench(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var rows = new Option<int>("--rows") { Description = "Rows in the benchmark database (seeded once, then reused).", DefaultValueFactory = _ => 1_000_000 };
        var days = new Option<int>("--days")
        {
            Description = "Days of history the benchmark database's rows are spread over (another number of days is another database).",
            DefaultValueFactory = _ => BenchCommand.DefaultDays,
        };
        var provider = new Option<DatabaseProvider?>("--provider")
        {
            Description = $"Sqlite or PostgreSQL (default: {LoginAuditDatabase.ProviderKey}, else Sqlite).",
        };
        var connection = new Option<string?>("--connection")
        {
            Description = $"PostgreSQL: the server and role (default: ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}); the bench creates its own databases there (loginaudit_bench_...).",
        };
        var command = new Command("bench", "Measures the dashboard queries on a seeded benchmark database and prints JSON figures.") { rows, days, provider, connection };
        command.SetAction(async parsed =>
        {
            var configuration = CommandServices.Configuration([]);
            var chosen = parsed.GetValue(provider) ?? LoginAuditDatabase.ProviderFromConfiguration(configuration);
            var server = parsed.GetValue(connection) ?? configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName);
            await using var services = CommandServices.Build([]);
            return await BenchCommand.RunAsync(services, parsed.GetValue(rows), parsed.GetValue(days), chosen, server, output, error, cancellationToken);
        });
        return command;
    }
}

/// <summary>Services for commands, built from the same configuration as the app, independent of the working directory.</summary>
internal static class CommandServices
{
    public static IUserAgentParser UserAgentParser() =>
        new ServiceCollection().AddLoginAuditUserAgents().BuildServiceProvider().GetRequiredService<IUserAgentParser>();

    public static IConfiguration Configuration(string[] hostArgs) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(hostArgs)
            .Build();

    public static ServiceProvider Build(string[] hostArgs, Action<IServiceCollection>? configure = null)
    {
        var configuration = Configuration(hostArgs);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration);
        services.AddLoginAuditData(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
