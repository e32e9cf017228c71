using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// The real LoginAudit.Web executable (the apphost the build puts in LoginAudit.Web/bin) as a child
/// process: a server on a loopback port that can be killed with SIGKILL and restarted, or a one-off command.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@loginaudit.test";
    public const string AdminPassword = "Admin-Passw0rd!";

    private readonly StringBuilder log = new();
    private readonly IReadOnlyDictionary<string, string> database;
    private readonly IReadOnlyDictionary<string, string> settings;
    private Process? process;

    private AppProcess(IReadOnlyDictionary<string, string> database, IReadOnlyDictionary<string, string>? settings)
    {
        this.database = database;
        this.settings = settings ?? new Dictionary<string, string>();
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the server wrote to standard output and error, over all its starts.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>The apphost of the same configuration as these tests: bin/&lt;config&gt;/&lt;framework&gt;/LoginAudit.Web.</summary>
    public static string ExecutablePath { get; } = FindExecutable();

    /// <param name="settings">More environment variables (configuration keys with <c>__</c>) for the server.</param>
    public static Task<AppProcess> StartAsync(string databasePath, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(SqliteFile(databasePath), settings);

    /// <summary>A server on <paramref name="database"/>, either provider.</summary>
    public static Task<AppProcess> StartAsync(TemporaryDatabase database, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(EnvironmentOf(database), settings);

    private static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> database, IReadOnlyDictionary<string, string>? settings)
    {
        var app = new AppProcess(database, settings);
        await app.StartAsync();
        return app;
    }

    /// <summary>Starts (or restarts) the server on a free loopback port and waits until it answers.</summary>
    public async Task StartAsync()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{LocalServer.FreeLoopbackPort()}");
        var environment = Environment(database);
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        process = Start(["--urls", BaseAddress.ToString().TrimEnd('/')], environment, line =>
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        });

        await LocalServer.WaitUntilAnsweringAsync(BaseAddress, process, TimeSpan.FromSeconds(90), () => Log, exitCode =>
            new InvalidOperationException($"The app exited with code {exitCode} before it was ready:\n{Log}"));
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally blocks, as a power cut or the OOM killer would.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, as systemd or Kubernetes stop a service: the host shuts down cleanly (hosted services finish).</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            Assert.Equal(0, SendSignal(process.Id, Sigterm));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public HttpClient CreateBrowser(string userAgent)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        return client;
    }

    /// <summary>Runs one command (verify, purge, export …) against the database; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunCommandAsync(string databasePath, params string[] args) =>
        RunCommandAsync(SqliteFile(databasePath), args);

    /// <summary>Runs one command against <paramref name="database"/>, either provider.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunCommandAsync(TemporaryDatabase database, params string[] args) =>
        RunCommandAsync(EnvironmentOf(database), args);

    private static async Task<(int ExitCode, string Output, string Error)> RunCommandAsync(IReadOnlyDictionary<string, string> database, string[] args)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
        using var command = Start(args, Environment(database), line => output.AppendLine(line), line => error.AppendLine(line));
        await command.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        command.WaitForExit();
        return (command.ExitCode, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }

    private static Dictionary<string, string> SqliteFile(string databasePath) => new() { ["ConnectionStrings__LoginAudit"] = $"Data Source={databasePath}" };

    /// <summary><see cref="TemporaryDatabase.Settings"/> as environment variables.</summary>
    private static Dictionary<string, string> EnvironmentOf(TemporaryDatabase database) =>
        database.Settings.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value ?? "");

    private static Dictionary<string, string> Environment(IReadOnlyDictionary<string, string> database)
    {
        var environment = new Dictionary<string, string>(database)
        {
            ["LoginAudit__Admin__Email"] = AdminEmail,
            ["LoginAudit__Admin__Password"] = AdminPassword,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__Console__FormatterName"] = "simple",
        };
        return environment;
    }

    private static Process Start(string[] args, Dictionary<string, string> environment, Action<string> onOutput, Action<string>? onError = null)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ExecutablePath)!,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                (onError ?? onOutput)(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static string FindExecutable()
    {
        // Tests run from LoginAudit.Tests/bin/<config>/<framework>/; the web app builds into the same shape beside it.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var solution = testOutput.Parent.Parent!.Parent!.Parent!.FullName;
        var name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "LoginAudit.Web.exe" : "LoginAudit.Web";
        var path = Path.Combine(solution, "LoginAudit.Web", "bin", configuration, framework, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"The app's executable is not built at {path}: run dotnet build first.", path);
    }
}
