using System.Diagnostics.Metrics;
using System.Net.Sockets;
using System.Runtime;
using System.Text;
using System.Text.Json;

/// <summary>
/// The bench's probe inside the measured app: loaded by the runtime through <c>DOTNET_STARTUP_HOOKS</c>, which only the
/// bench sets, so the app itself exposes nothing. It answers one line of JSON on a Unix socket (the path in
/// <see cref="SocketVariable"/>, a file only the bench's user can open): the managed heap after a full blocking,
/// compacting collection, the process's resident memory, and the circuits Blazor counts.
/// </summary>
/// <remarks>
/// A startup hook must be a class of this name in no namespace (the runtime's contract); it touches only the base
/// library, so nothing else of the bench's assembly is loaded into the app.
/// </remarks>
internal static class StartupHook
{
    public const string SocketVariable = "LOGINAUDIT_CIRCUIT_PROBE_SOCKET";

    private static long activeCircuits;
    private static long connectedCircuits;

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(SocketVariable) is not { Length: > 0 } path)
        {
            return;
        }

        WatchCircuits();
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        File.Delete(path);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "Circuit memory probe" }.Start();
    }

    /// <summary>Blazor's own counters (meter <c>Microsoft.AspNetCore.Components.Server.Circuits</c>, .NET 10).</summary>
    private static void WatchCircuits()
    {
        var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is "aspnetcore.components.circuit.active" or "aspnetcore.components.circuit.connected")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "aspnetcore.components.circuit.active")
            {
                Interlocked.Add(ref activeCircuits, value);
            }
            else
            {
                Interlocked.Add(ref connectedCircuits, value);
            }
        });
        meters.Start();
    }

    private static void Serve(Socket listener)
    {
        while (true)
        {
            using var connection = listener.Accept();
            using var stream = new NetworkStream(connection);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
            var command = reader.ReadLine();
            writer.WriteLine(command == "measure" ? Measure() : Count());
        }
    }

    private static string Count() => JsonSerializer.Serialize(new Dictionary<string, long>
    {
        ["active_circuits"] = Interlocked.Read(ref activeCircuits),
        ["connected_circuits"] = Interlocked.Read(ref connectedCircuits),
    });

    private static string Measure()
    {
        // Twice, with the finalizers between: what a finalizer frees is only collected by the second pass.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["managed_bytes"] = GC.GetTotalMemory(forceFullCollection: false),
            ["rss_bytes"] = ResidentBytes(),
            ["active_circuits"] = Interlocked.Read(ref activeCircuits),
            ["connected_circuits"] = Interlocked.Read(ref connectedCircuits),
            ["server_gc"] = GCSettings.IsServerGC,
        });
    }

    /// <summary><c>VmRSS</c> of <c>/proc/self/status</c> (Linux), in bytes.</summary>
    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
