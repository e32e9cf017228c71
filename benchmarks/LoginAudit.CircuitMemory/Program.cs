using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LoginAudit.CircuitMemory;
using Microsoft.Playwright;

// Memory per open page: the published app on a seeded SQLite file, N Chromium tabs per page, the managed heap (after a
// full collection) and the resident memory read inside the app by StartupHook, before and after. See README.md,
// "Memory per open page".
try
{
    var options = BenchOptions.Parse(args);
    var root = Repository.FindRoot();
    var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "loginaudit-circuits")).FullName;
    var app = await App.PrepareAsync(root, work, options);

    await using var server = await App.StartAsync(app, work, options.Rows);
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("LOGINAUDIT_E2E_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
    });

    var admin = await Tabs.SignedInAsync(browser, server.BaseAddress, App.AdminEmail, App.AdminPassword, register: false);
    var user = await Tabs.SignedInAsync(browser, server.BaseAddress, "bench-user@example.com", App.AdminPassword, register: true);
    var timeline = await Tabs.FirstUserPageAsync(admin);

    OpenPage[] pages =
    [
        new("overview", "admin", admin),
        new("history", "admin/logins", admin),
        new("failures", "admin/failures", admin),
        new("users", "admin/users", admin),
        new("timeline", timeline, admin),
        new("my_sign_ins", "account/sign-ins", user),
    ];

    var loadBefore = Machine.LoadAverage();
    var results = new Dictionary<string, object>();
    foreach (var page in pages.Where(page => options.Pages is null || options.Pages.Contains(page.Name)))
    {
        Console.Error.WriteLine($"{page.Name}: {options.Circuits} tabs of /{page.Path}");
        results[page.Name] = await page.MeasureAsync(server, options.Circuits, options.HeapDumps);
    }

    var report = new Dictionary<string, object>
    {
        ["taken_at"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture),
        ["commit"] = options.Source is null ? await Repository.CommitAsync(root) : "source tree " + options.Source,
        ["rows"] = options.Rows,
        ["tabs_per_page"] = options.Circuits,
        ["machine"] = new Dictionary<string, object>
        {
            ["processors"] = Environment.ProcessorCount,
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["server_gc"] = (await server.Probe.MeasureAsync()).ServerGc,

            // The machine is shared: the load says how much else ran beside the bench.
            ["load_average_before"] = loadBefore,
            ["load_average_after"] = Machine.LoadAverage(),
        },
        ["pages"] = results,
    };
    var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
    Console.WriteLine(json);
    if (options.Output is { } output)
    {
        await File.WriteAllTextAsync(output, json + "\n");
    }

    return 0;
}
catch (Exception failure) when (failure is not OperationCanceledException)
{
    // Caught, so that the app and the browser are disposed before the bench exits.
    Console.Error.WriteLine(failure);
    return 1;
}

namespace LoginAudit.CircuitMemory
{
    internal sealed record BenchOptions(int Rows, int Circuits, string? Output, IReadOnlySet<string>? Pages, bool Publish, string? HeapDumps, string? Source)
    {
        public static BenchOptions Parse(string[] args)
        {
            var (rows, circuits, output, pages, publish, dumps, source) = (200_000, 20, (string?)null, (IReadOnlySet<string>?)null, true, (string?)null, (string?)null);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--rows": rows = Positive("--rows", Next()); break;
                    case "--circuits": circuits = Positive("--circuits", Next()); break;
                    case "--output": output = Path.GetFullPath(Next()); break;
                    case "--pages": pages = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(); break;
                    case "--no-publish": publish = false; break;
                    case "--gcdump": dumps = Directory.CreateDirectory(Next()).FullName; break;
                    case "--source": source = Path.GetFullPath(Next()); break;
                    default: throw new ArgumentException(
                        $"Unknown argument {args[i]}: use --rows N, --circuits N, --pages a,b, --output FILE, --no-publish, --gcdump FOLDER, --source TREE.");
                }
            }

            return new BenchOptions(rows, circuits, output, pages, publish, dumps, source);
        }

        private static int Positive(string name, string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new ArgumentException($"{name} must be a positive whole number, not '{text}'.");
    }

    /// <summary>One page opened in N tabs of one signed-in browser context.</summary>
    internal sealed record OpenPage(string Name, string Path, IBrowserContext Context)
    {
        public async Task<Dictionary<string, object>> MeasureAsync(RunningApp server, int tabs, string? heapDumps)
        {
            // One tab first, so what the first view builds once (compiled queries, caches, JIT) is in the baseline.
            var idle = await server.Probe.CountAsync();
            await CloseAllAsync(server, [await OpenAsync()], idle);
            var before = await server.Probe.MeasureAsync();
            var opened = new List<IPage>();
            for (var i = 0; i < tabs; i++)
            {
                opened.Add(await OpenAsync());
            }

            var circuits = await server.Probe.WaitForCircuitsAsync(before.ActiveCircuits + tabs, TimeSpan.FromSeconds(5)) - before.ActiveCircuits;
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = await server.Probe.MeasureAsync();
            if (heapDumps is not null)
            {
                await server.DumpHeapAsync(System.IO.Path.Combine(heapDumps, Name + ".gcdump"));
            }

            await CloseAllAsync(server, opened, before.ActiveCircuits);
            var closed = await server.Probe.MeasureAsync();
            return new Dictionary<string, object>
            {
                ["path"] = "/" + Path.TrimStart('/'),
                ["tabs"] = tabs,
                ["circuits"] = circuits,
                ["managed_kb_per_tab"] = Math.Round((after.ManagedBytes - before.ManagedBytes) / 1024.0 / tabs, 1),
                ["rss_kb_per_tab"] = Math.Round((after.RssBytes - before.RssBytes) / 1024.0 / tabs, 1),
                ["managed_kb_before"] = before.ManagedBytes / 1024,
                ["managed_kb_open"] = after.ManagedBytes / 1024,
                ["managed_kb_after_close"] = closed.ManagedBytes / 1024,
                ["rss_kb_before"] = before.RssBytes / 1024,
                ["rss_kb_open"] = after.RssBytes / 1024,
            };
        }

        private async Task<IPage> OpenAsync()
        {
            var page = await Context.NewPageAsync();
            Tabs.ReportErrors(page);
            await page.GotoAsync(Path);
            await Tabs.WaitUntilShownAsync(page);
            return page;
        }

        /// <summary>Leaves each page first, so Blazor's unload handler ends its circuit at once (not after the retention).</summary>
        private static async Task CloseAllAsync(RunningApp server, List<IPage> pages, long idle)
        {
            foreach (var page in pages)
            {
                await page.GotoAsync("about:blank");
                await page.CloseAsync();
            }

            await server.Probe.WaitForCircuitsAsync(idle, TimeSpan.FromSeconds(90));
        }
    }

    internal static class Tabs
    {
        /// <summary>A page's script errors go to standard error: a circuit that fails shows there first.</summary>
        public static void ReportErrors(IPage page) => page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Console.Error.WriteLine($"browser: {page.Url}: {message.Text}");
            }
        };

        public static async Task<IBrowserContext> SignedInAsync(IBrowser browser, Uri baseAddress, string email, string password, bool register)
        {
            var context = await browser.NewContextAsync(new()
            {
                BaseURL = baseAddress.ToString(),
                ViewportSize = new() { Width = 1280, Height = 800 },
                Locale = "en-US",
                TimezoneId = "UTC",
            });
            context.SetDefaultTimeout(60_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("Account/Login");
            await page.Locator("[name='Input.Email']").FillAsync(email);
            await page.Locator("[name='Input.Password']").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
            var signedIn = page.GetByText("You are signed in as");
            var invalid = page.GetByText("Invalid login attempt");
            await signedIn.Or(invalid).WaitForAsync();

            // The bench's user exists from an earlier run on the same file, or is registered now.
            if (register && await invalid.IsVisibleAsync())
            {
                await page.GotoAsync("Account/Register");
                await page.Locator("[name='Input.Email']").FillAsync(email);
                await page.Locator("[name='Input.Password']").FillAsync(password);
                await page.Locator("[name='Input.ConfirmPassword']").FillAsync(password);
                await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
            }

            await page.GetByText("You are signed in as").WaitForAsync();
            await page.GotoAsync("about:blank");
            await page.CloseAsync();
            return context;
        }

        /// <summary>The timeline of the first user the users page lists (the demo's users are unknown to the bench).</summary>
        public static async Task<string> FirstUserPageAsync(IBrowserContext admin)
        {
            var page = await admin.NewPageAsync();
            ReportErrors(page);
            await page.GotoAsync("admin/users");
            await WaitUntilShownAsync(page);
            var href = await page.Locator("a.user-link").First.GetAttributeAsync("href") ?? throw new InvalidOperationException("The users page lists no user.");
            await page.GotoAsync("about:blank");
            await page.CloseAsync();
            return href;
        }

        /// <summary>
        /// An interactive page is shown once Blazor has attached its handlers (the theme menu of the layout) and no
        /// loading indicator is left; a statically rendered page once it has loaded.
        /// </summary>
        public static async Task WaitUntilShownAsync(IPage page)
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
            if (await page.Locator(".theme-menu button").CountAsync() > 0)
            {
                await page.WaitForFunctionAsync(
                    "() => { const e = document.querySelector('.theme-menu button'); return !!e && Object.keys(e).some(k => k.startsWith('_blazorEvents_')); }");
            }

            await page.WaitForFunctionAsync("() => document.querySelectorAll('article .mud-progress-circular, .loading-indicator').length === 0");
            if (page.Url.Contains("/admin/logins", StringComparison.Ordinal))
            {
                await page.Locator(".history-row").First.WaitForAsync();
            }
        }
    }

    /// <summary>What <see cref="StartupHook"/> answers.</summary>
    internal sealed record ProbeReading(long ManagedBytes, long RssBytes, long ActiveCircuits, bool ServerGc);

    internal sealed class Probe(string socketPath)
    {
        public string SocketPath => socketPath;

        public async Task<ProbeReading> MeasureAsync()
        {
            using var answer = JsonDocument.Parse(await AskAsync("measure"));
            var json = answer.RootElement;
            return new ProbeReading(json.GetProperty("managed_bytes").GetInt64(), json.GetProperty("rss_bytes").GetInt64(),
                json.GetProperty("active_circuits").GetInt64(), json.GetProperty("server_gc").GetBoolean());
        }

        /// <summary>The circuits Blazor counts now.</summary>
        public async Task<long> CountAsync()
        {
            using var answer = JsonDocument.Parse(await AskAsync("count"));
            return answer.RootElement.GetProperty("active_circuits").GetInt64();
        }

        /// <summary>
        /// Waits (90 s at most: a circuit whose browser left without a word is evicted after the retention period) until
        /// Blazor counts <paramref name="target"/> circuits, or until the count has stayed put for
        /// <paramref name="patience"/> (a page without a circuit never moves it); returns the count.
        /// </summary>
        public async Task<long> WaitForCircuitsAsync(long target, TimeSpan patience)
        {
            var deadline = Stopwatch.StartNew();
            var stableSince = Stopwatch.StartNew();
            var last = await CountAsync();
            while (last != target && deadline.Elapsed < TimeSpan.FromSeconds(90) && stableSince.Elapsed < patience)
            {
                await Task.Delay(100);
                var active = await CountAsync();
                if (active != last)
                {
                    (last, stableSince) = (active, Stopwatch.StartNew());
                }
            }

            return last;
        }

        private async Task<string> AskAsync(string command)
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
            await using var stream = new NetworkStream(socket);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
            await writer.WriteLineAsync(command);
            return await reader.ReadLineAsync() ?? throw new InvalidOperationException("The probe closed without an answer.");
        }
    }

    internal sealed class RunningApp(Process process, Uri baseAddress, Probe probe) : IAsyncDisposable
    {
        public Uri BaseAddress => baseAddress;

        public Probe Probe => probe;

        /// <summary>A heap dump with <c>dotnet-gcdump</c> (a global tool: <c>dotnet tool install -g dotnet-gcdump</c>), and its report beside it.</summary>
        public async Task DumpHeapAsync(string path)
        {
            var tool = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
            await App.RunAsync(tool, ["collect", "-p", process.Id.ToString(CultureInfo.InvariantCulture), "-o", path], new());
            await App.RunAsync("sh", ["-c", $"'{tool}' report '{path}' > '{path}.txt'"], new());
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
            File.Delete(probe.SocketPath);
        }
    }

    internal static class App
    {
        public const string AdminEmail = "bench-admin@example.com";
        public const string AdminPassword = "Bench-Passw0rd-Long!";

        /// <summary>
        /// Publishes LoginAudit.Web (Release) of this repository, or of another tree of it (<c>--source</c>, e.g. an
        /// earlier commit's <c>git archive</c>, to measure before and after), into the work folder, and seeds its
        /// database once per row count.
        /// </summary>
        public static async Task<string> PrepareAsync(string root, string work, BenchOptions options)
        {
            var published = Path.Combine(work, options.Source is null ? "app" : "app-" + Path.GetFileName(options.Source));
            root = options.Source ?? root;
            if (options.Publish || !File.Exists(Path.Combine(published, "LoginAudit.Web.dll")))
            {
                await RunAsync("dotnet", ["publish", Path.Combine(root, "LoginAudit.Web"), "-c", "Release", "-o", published, "--nologo", "-v", "quiet"], new());
            }

            var database = DatabasePath(work, options.Rows);
            var seeded = database + ".seeded";
            if (!File.Exists(seeded))
            {
                foreach (var file in new[] { database, database + "-wal", database + "-shm" })
                {
                    File.Delete(file);
                }

                await RunAsync("dotnet", [Path.Combine(published, "LoginAudit.Web.dll"), "seed-demo", "--events", options.Rows.ToString(CultureInfo.InvariantCulture)],
                    Settings(database));
                await File.WriteAllTextAsync(seeded, DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture));
            }

            return published;
        }

        public static async Task<RunningApp> StartAsync(string published, string work, int rows)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}/");
            var socket = Path.Combine(work, $"probe-{Environment.ProcessId}.sock");
            var settings = Settings(DatabasePath(work, rows));
            settings["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
            settings[StartupHook.SocketVariable] = socket;
            var start = Start("dotnet", [Path.Combine(published, "LoginAudit.Web.dll"), "--urls", address.ToString().TrimEnd('/')], settings);

            // The content root (wwwroot, the static assets' manifest) is the working directory.
            start.WorkingDirectory = published;
            var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
            process.OutputDataReceived += (_, line) => { };
            process.ErrorDataReceived += (_, line) =>
            {
                if (line.Data is not null)
                {
                    Console.Error.WriteLine("app: " + line.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var http = new HttpClient { BaseAddress = address };
            var waited = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The app exited with code {process.ExitCode} before it answered.");
                }

                try
                {
                    if ((await http.GetAsync("Account/Login")).StatusCode == HttpStatusCode.OK && File.Exists(socket))
                    {
                        return new RunningApp(process, address, new Probe(socket));
                    }
                }
                catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(120))
                {
                }

                await Task.Delay(250);
            }
        }

        private static string DatabasePath(string work, int rows) => Path.Combine(work, $"circuits-{rows}.db");

        private static Dictionary<string, string> Settings(string database) => new()
        {
            ["ConnectionStrings__LoginAudit"] = $"Data Source={database}",
            ["LoginAudit__Admin__Email"] = AdminEmail,
            ["LoginAudit__Admin__Password"] = AdminPassword,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        private static ProcessStartInfo Start(string file, string[] args, Dictionary<string, string> environment)
        {
            var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            return start;
        }

        public static async Task RunAsync(string file, string[] args, Dictionary<string, string> environment)
        {
            Console.Error.WriteLine($"> {file} {string.Join(' ', args)}");
            var start = Start(file, args, environment);
            (start.RedirectStandardOutput, start.RedirectStandardError) = (false, false);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with code {process.ExitCode}.");
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    internal static class Repository
    {
        /// <summary>The folder of LoginAudit.sln above this program.</summary>
        public static string FindRoot()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "LoginAudit.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("LoginAudit.sln was not found above " + AppContext.BaseDirectory);
        }

        public static async Task<string> CommitAsync(string root)
        {
            var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = root };
            foreach (var arg in new[] { "describe", "--always", "--dirty" })
            {
                start.ArgumentList.Add(arg);
            }

            using var git = Process.Start(start)!;
            var commit = (await git.StandardOutput.ReadToEndAsync()).Trim();
            await git.WaitForExitAsync();
            return commit;
        }
    }

    internal static class Machine
    {
        /// <summary>The 1, 5 and 15 minute load averages (Linux), or "unknown".</summary>
        public static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
    }
}
