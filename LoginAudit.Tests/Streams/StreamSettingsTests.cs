using LoginAudit.Data.Export;
using LoginAudit.Data.Streams;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace LoginAudit.Tests.Streams;

public sealed class StreamSettingsTests
{
    [Theory]
    [InlineData("Url", "ftp://x", "LoginAudit:Streams:siem:Url must be an absolute http or https URL.")]
    [InlineData("Secret", "short", "LoginAudit:Streams:siem:Secret must be set, at least 16 characters")]
    [InlineData("Format", "Csv", "LoginAudit:Streams:siem:Format must be ocsf, ecs or jsonl.")]
    [InlineData("BatchSize", "0", "LoginAudit:Streams:siem:BatchSize must be between 1 and 10000 (it was 0).")]
    [InlineData("Header", "Bad Name", "LoginAudit:Streams:siem:Headers has 'Bad Name', which is not an HTTP header name.")]
    public void Validate_OneWrongSetting_IsRejectedWithASentenceNamingTheKey(string setting, string value, string message)
    {
        var stream = Valid();
        switch (setting)
        {
            case "Url": stream.Url = value; break;
            case "Secret": stream.Secret = value; break;
            case "Format": stream.Format = Enum.Parse<ExportFormat>(value); break;
            case "BatchSize": stream.BatchSize = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: stream.Headers[value] = "x"; break;
        }

        var failure = Assert.Single(StreamOptionsValidator.Validate("siem", stream));

        Assert.StartsWith(message, failure);
    }

    [Fact]
    public void Validate_NameWithASlash_IsRejected()
    {
        var failure = Assert.Single(StreamOptionsValidator.Validate("a/b", Valid()));

        Assert.StartsWith("LoginAudit:Streams:a/b: a stream's name is 1 to 64 letters", failure);
    }

    [Fact]
    public async Task Start_StreamWithoutSecret_StopsTheAppWithTheSentenceNamingTheKey()
    {
        await using var app = new LoginAuditAppFactory(settings => settings["LoginAudit:Streams:siem:Url"] = "https://siem.example.com/ingest");

        var failure = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("LoginAudit:Streams:siem:Secret must be set", failure.Message);
    }

    [Fact]
    public void Validate_Valid_HasNoFailure() => Assert.Empty(StreamOptionsValidator.Validate("siem", Valid()));

    [Fact]
    public void RetryDelay_ConsecutiveFailures_DoubleFromTheBaseUpToTheMaximum()
    {
        var stream = new StreamSettings { RetryBaseDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(10) };

        var delays = Enumerable.Range(1, 6).Select(failures => LoginLogStreamPump.RetryDelay(stream, failures).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }

    [Fact]
    public void Destination_UrlWithPathAndQuery_IsOnlySchemeHostAndPort() =>
        Assert.Equal("https://siem.example.com:8443", new StreamSettings { Url = "https://user:pw@siem.example.com:8443/in?token=t" }.Destination);

    private static StreamSettings Valid() => new() { Url = "https://siem.example.com/ingest", Secret = "stream-secret-0123456789" };
}
