using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// A real nginx of its own (no system daemon) in front of the given instances, made from the repository's
/// <c>deploy/nginx/loginaudit.conf</c> with only its placeholders filled in, listening on <c>[::1]</c> at a free port.
/// The browser thus reaches nginx from <c>::1</c> and nginx reaches the instances from <c>127.0.0.1</c>: the address an
/// instance stores tells whether it came from nginx's <c>X-Forwarded-For</c>.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly string prefix;
    private readonly string configuration;
    private readonly Process process;

    private NginxProxy(string prefix, string configuration, Process process, Uri baseAddress)
    {
        this.prefix = prefix;
        this.configuration = configuration;
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Debian's nginx, or the one in <c>LOGINAUDIT_TEST_NGINX</c>.</summary>
    public static string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("LOGINAUDIT_TEST_NGINX") is { Length: > 0 } path ? path : "/usr/sbin/nginx";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static string InstallHint => $"The proxy tests need nginx at {ExecutablePath}: install it with 'apt-get install -y nginx'.";

    /// <summary>The configuration the README documents, in the repository beside the solution.</summary>
    public static string TemplatePath { get; } = Path.Combine(SolutionDirectory(), "deploy", "nginx", "loginaudit.conf");

    /// <summary>Its error log so far, for a failed test's output.</summary>
    public string ErrorLog => File.Exists(Path.Combine(prefix, "logs", "error.log")) ? File.ReadAllText(Path.Combine(prefix, "logs", "error.log")) : "";

    public static async Task<NginxProxy> StartAsync(Uri firstInstance, Uri secondInstance)
    {
        var prefix = Directory.CreateTempSubdirectory("loginaudit-nginx-").FullName;
        // Run as root, nginx's workers are "nobody": they must reach the temp folders the master creates for them.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(prefix, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));

        var port = FreeIPv6LoopbackPort();
        var configuration = Path.Combine(prefix, "loginaudit.conf");
        await File.WriteAllTextAsync(configuration, (await File.ReadAllTextAsync(TemplatePath))
            .Replace("{{LISTEN}}", $"[::1]:{port}", StringComparison.Ordinal)
            .Replace("{{INSTANCE_1}}", Upstream(firstInstance), StringComparison.Ordinal)
            .Replace("{{INSTANCE_2}}", Upstream(secondInstance), StringComparison.Ordinal));

        var start = new ProcessStartInfo(ExecutablePath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", prefix, "-c", configuration, "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var proxy = new NginxProxy(prefix, configuration, process, new Uri($"http://[::1]:{port}/"));
        try
        {
            await LocalServer.WaitUntilAnsweringAsync(proxy.BaseAddress, process, TimeSpan.FromSeconds(30), () => proxy.ErrorLog, exitCode =>
                new InvalidOperationException($"nginx exited with code {exitCode}: {process.StandardError.ReadToEnd()}\n{proxy.ErrorLog}"));
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }

        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // "stop" signals the master through its pid file; it takes its workers with it.
            using var stop = Process.Start(new ProcessStartInfo(ExecutablePath, ["-p", prefix, "-c", configuration, "-s", "stop"]) { UseShellExecute = false, RedirectStandardError = true })!;
            await stop.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        Directory.Delete(prefix, recursive: true);
    }

    private static string Upstream(Uri instance) => $"127.0.0.1:{instance.Port}";

    private static int FreeIPv6LoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string SolutionDirectory()
    {
        // Tests run from LoginAudit.Tests/bin/<config>/<framework>/.
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LoginAudit.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No LoginAudit.sln above {AppContext.BaseDirectory}.");
    }
}
