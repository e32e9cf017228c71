using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>What the tests that run the built app as a process share: a free port, and waiting until it answers.</summary>
public static class LocalServer
{
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Polls <c>GET /</c> until it answers 200. Throws <paramref name="exited"/>'s exception (given the exit code) when
    /// the process stops first, and a <see cref="TimeoutException"/> with the app's output after <paramref name="timeout"/>.
    /// </summary>
    public static async Task WaitUntilAnsweringAsync(
        Uri baseAddress, Process process, TimeSpan timeout, Func<string> output, Func<int, Exception> exited)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw exited(process.ExitCode);
            }

            try
            {
                using var response = await client.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but still starting.
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"LoginAudit.Web did not answer at {baseAddress} within {timeout.TotalSeconds} s. Its output:\n{output()}");
            }

            // Polls while the process starts; not an assertion.
            await Task.Delay(100);
        }
    }
}
