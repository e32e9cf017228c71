using System.Net;
using System.Net.Sockets;
using System.Text;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Security;

/// <summary>A sign-in form whose body trickles in, sent over a raw loopback socket to the app on Kestrel.</summary>
public sealed class SlowRequestBodyTests : AppTest
{
    [Fact]
    public async Task SignInForm_BodyTricklesIn_IsRefusedWith4xxAndWritesNoRow()
    {
        var address = App.StartOnLocalhost();
        await App.CreateUserAsync("alice@example.com");

        var status = await PostSignInAsync(address, trickle: true);

        Assert.Matches(@"^HTTP/1\.1 40[08] ", status);
        Assert.Empty(await App.LoginLogsAsync());
    }

    [Fact]
    public async Task SignInForm_SameBodyAtOnce_IsASignIn()
    {
        var address = App.StartOnLocalhost();
        await App.CreateUserAsync("alice@example.com");

        var status = await PostSignInAsync(address, trickle: false);

        Assert.StartsWith("HTTP/1.1 302 ", status);
        Assert.Single(await App.LoginLogsAsync());
    }

    /// <summary>
    /// Posts alice's sign-in form over a raw socket: whole, or ten bytes and then one a second (far below the minimum
    /// rate) until the server answers, never the whole body. Returns the response's status line.
    /// </summary>
    private static async Task<string> PostSignInAsync(Uri address, bool trickle)
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = address };
        var body = Encoding.ASCII.GetBytes(await new FormUrlEncodedContent(
            await browser.SignInFieldsAsync("alice@example.com", LoginAuditAppFactory.UserPassword)).ReadAsStringAsync());

        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, address.Port);
        var stream = socket.GetStream();
        var head = $"POST /Account/Login HTTP/1.1\r\nHost: localhost:{address.Port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + $"Content-Length: {body.Length}\r\nCookie: {cookies.GetCookieHeader(address)}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(trickle ? body.AsMemory(0, 10) : body);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reading = ReadStatusLineAsync(stream, deadline.Token);
        for (var sent = 10; trickle && sent < body.Length - 1 && !reading.IsCompleted; sent++)
        {
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(1), deadline.Token));
            if (!reading.IsCompleted)
            {
                await stream.WriteAsync(body.AsMemory(sent, 1), deadline.Token);
            }
        }

        return await reading;
    }

    private static async Task<string> ReadStatusLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer, cancellationToken) == 1 && buffer[0] != '\n')
        {
            line.Append((char)buffer[0]);
        }

        return line.ToString().TrimEnd('\r');
    }
}
