using System.Diagnostics;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using Microsoft.Data.Sqlite;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// The real app as a child process: the self-contained <c>LoginAudit.Web</c> executable that the build puts next to
/// the test assembly, served by Kestrel on a free loopback port, with a fresh SQLite file and a known administrator.
/// Disposing kills the process tree and deletes the temporary folder.
/// </summary>
public sealed class LoginAuditServer : IAsyncDisposable
{
    public const string AdminEmail = "admin@e2e.test";
    public const string AdminPassword = "Admin-Passw0rd!";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly ProcessOutput output;
    private readonly string directory;

    private LoginAuditServer(Process process, ProcessOutput output, string directory, Uri baseAddress)
    {
        this.process = process;
        this.output = output;
        this.directory = directory;
        BaseAddress = baseAddress;
        // Should the test run end without disposing (a crash, a cancelled run), the app does not outlive it.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    /// <summary>The app's address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    public string DatabasePath => Path.Combine(directory, "loginaudit.db");

    /// <summary>What the app has written to standard output and error so far (the latest lines).</summary>
    public string Output => output.Text();

    /// <summary>A position in the output, to show only what the app wrote after it (see <see cref="OutputSince"/>).</summary>
    public long OutputMark => output.Mark;

    public string OutputSince(long mark) => output.Text(mark);

    public static string ExecutablePath =>
        Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "LoginAudit.Web.exe" : "LoginAudit.Web");

    /// <summary>Starts the app; <paramref name="settings"/> are configuration keys (<c>LoginAudit:Lockout:MaxFailedAttempts</c>) added or overridden.</summary>
    public static async Task<LoginAuditServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The app's executable is missing at {ExecutablePath}; the test project's reference to LoginAudit.Web should put it there. Build the solution first.");
        }

        var directory = Directory.CreateTempSubdirectory("loginaudit-e2e-").FullName;
        try
        {
            // A port taken between probing and binding shows as an early exit; another free port is tried then.
            for (var attempt = 1; ; attempt++)
            {
                var baseAddress = new Uri($"http://127.0.0.1:{LocalServer.FreeLoopbackPort()}/");
                var output = new ProcessOutput();
                var process = Start(directory, baseAddress, settings, output);
                var server = new LoginAuditServer(process, output, directory, baseAddress);
                try
                {
                    await server.WaitUntilAnsweringAsync();
                    return server;
                }
                catch (AppExitedException) when (attempt < 3 && output.Text().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    await server.StopAsync();
                }
                catch
                {
                    await server.StopAsync();
                    throw;
                }
            }
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>All rows of <c>login_logs</c>, read from the app's database file, in write order.</summary>
    public async Task<List<LoginLog>> LoginLogsAsync()
    {
        await using var db = CreateDbContext();
        return await db.LoginLogs.AsNoTracking().OrderBy(log => log.Id).ToListAsync();
    }

    /// <summary>The rows of one attempted user name, in write order.</summary>
    public async Task<List<LoginLog>> LoginLogsOfAsync(string userName)
    {
        await using var db = CreateDbContext();
        return await db.LoginLogs.AsNoTracking().Where(log => log.UserName == userName).OrderBy(log => log.Id).ToListAsync();
    }

    /// <summary>The id of the user account with this e-mail, or null.</summary>
    public async Task<string?> UserIdAsync(string email)
    {
        await using var db = CreateDbContext();
        return await db.Users.AsNoTracking().Where(user => user.Email == email).Select(user => user.Id).SingleOrDefaultAsync();
    }

    private LoginAuditDbContext CreateDbContext() =>
        // No pooling: the test process must not keep the file open after the app is gone.
        new(new DbContextOptionsBuilder<LoginAuditDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString())
            .Options);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        DeleteDirectory(directory);
    }

    private async Task StopAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or not stopping: nothing more a test can do about it.
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
            process.Dispose();
        }
    }

    private static Process Start(string directory, Uri baseAddress, IReadOnlyDictionary<string, string>? settings, ProcessOutput output)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            ArgumentList = { "--urls", baseAddress.GetLeftPart(UriPartial.Authority) },
            // appsettings.json is read from the content root, the working directory.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // Nothing of the developer's environment decides where or how the app serves.
        foreach (var key in start.Environment.Keys.Where(key =>
            key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
            key.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) ||
            key.StartsWith("LoginAudit__", StringComparison.OrdinalIgnoreCase) ||
            key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        // Development, as 'dotnet run' serves it: only there does the app serve its static web assets (CSS, MudBlazor's
        // scripts) from the build output; in other environments they exist only in a published app (and are empty here).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // Data protection keys go to $HOME/.aspnet: keep them in the temporary folder, not in the machine's home.
        start.Environment["HOME"] = directory;
        start.Environment["ConnectionStrings__LoginAudit"] = $"Data Source={Path.Combine(directory, "loginaudit.db")}";
        start.Environment["LoginAudit__Admin__Email"] = AdminEmail;
        start.Environment["LoginAudit__Admin__Password"] = AdminPassword;
        // Every request checks the security stamp, so a revoked session ends at once.
        start.Environment["LoginAudit__Sessions__SecurityStampValidationInterval"] = "00:00:00";
        // Every request in the log: a failed test shows what the browser asked for, and in which order.
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already stopped.
        }
    }

    private Task WaitUntilAnsweringAsync() =>
        LocalServer.WaitUntilAnsweringAsync(BaseAddress, process, StartTimeout, () => Output, exitCode =>
            new AppExitedException($"LoginAudit.Web exited with code {exitCode} before answering at {BaseAddress}. Its output:\n{Output}"));

    private static void DeleteDirectory(string directory)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the OS's temporary-file cleaner.
        }
    }

    private sealed class AppExitedException(string message) : Exception(message);

    /// <summary>The process's output lines, the latest few thousand, safe to add to from its reader threads.</summary>
    private sealed class ProcessOutput
    {
        private const int MaxLines = 4000;
        private readonly Lock gate = new();
        private readonly Queue<(long Number, string Line)> lines = new();
        private long count;

        public long Mark
        {
            get
            {
                lock (gate)
                {
                    return count;
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                lines.Enqueue((count++, line));
                if (lines.Count > MaxLines)
                {
                    lines.Dequeue();
                }
            }
        }

        public string Text(long from = 0)
        {
            lock (gate)
            {
                return string.Join('\n', lines.Where(line => line.Number >= from).Select(line => line.Line));
            }
        }
    }
}
