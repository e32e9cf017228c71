using System.Buffers;
using System.Text;
using System.Text.Json;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Web.Commands;

/// <summary>
/// <c>parse-ua</c>: user agents in, one a line; one JSON object a line out, in uap-core's field names so
/// the output can be compared with other ua-parser implementations:
/// <c>{"ua":{"family","major","minor","patch"},"os":{"family","major","minor","patch","patch_minor"},
/// "device":{"family","brand","model"},"device_type":"Desktop","is_bot":false}</c>, null where absent.
/// </summary>
internal static class ParseUaCommand
{
    public static async Task<int> RunAsync(TextReader input, TextWriter output, IUserAgentParser parser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(parser);

        var buffer = new ArrayBufferWriter<byte>();
        await using var json = new Utf8JsonWriter(buffer);
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            Write(json, parser.Parse(line));
            await json.FlushAsync(cancellationToken);
            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan).AsMemory(), cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
        return 0;
    }

    private static void Write(Utf8JsonWriter json, UserAgentInfo info)
    {
        json.WriteStartObject();

        json.WriteStartObject("ua");
        json.WriteString("family", info.Browser.Family);
        json.WriteString("major", info.Browser.Major);
        json.WriteString("minor", info.Browser.Minor);
        json.WriteString("patch", info.Browser.Patch);
        json.WriteEndObject();

        json.WriteStartObject("os");
        json.WriteString("family", info.Os.Family);
        json.WriteString("major", info.Os.Major);
        json.WriteString("minor", info.Os.Minor);
        json.WriteString("patch", info.Os.Patch);
        json.WriteString("patch_minor", info.Os.PatchMinor);
        json.WriteEndObject();

        json.WriteStartObject("device");
        json.WriteString("family", info.Device.Family);
        json.WriteString("brand", info.Device.Brand);
        json.WriteString("model", info.Device.Model);
        json.WriteEndObject();

        json.WriteString("device_type", info.DeviceType.ToString());
        json.WriteBoolean("is_bot", info.IsBot);

        json.WriteEndObject();
    }
}
