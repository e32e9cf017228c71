using LoginAudit.Data.UserAgents;
using Xunit.Abstractions;

namespace LoginAudit.Tests.UserAgents;

/// <summary>
/// isbot's list through the real parser (<see cref="UapCoreUserAgentParser"/>): what it catches of automation
/// clients and what it wrongly catches of uap-core's real browser and device strings (README, "Automation clients").
/// </summary>
public sealed class AutomationClientsTests(ITestOutputHelper output)
{
    private static readonly UapCoreUserAgentParser Parser = new();

    public static TheoryData<string> AutomationStrings => new()
    {
        "python-requests/2.31.0",
        "curl/8.5.0",
        "Go-http-client/2.0",
        "Go-http-client/1.1",
        "okhttp/4.12.0",
        "Wget/1.21.4",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36",
        "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
        "python-urllib3/2.0.7",
        "Python-urllib/3.11",
        "python-httpx/0.27.0",
        "aiohttp/3.9.1",
        "Java/17.0.2",
        "Apache-HttpClient/4.5.14 (Java/17.0.8)",
        "axios/1.6.7",
        "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
        "PostmanRuntime/7.36.1",
        "libwww-perl/6.72",
        "Scrapy/2.11.0 (+https://scrapy.org)",
        "sqlmap/1.7.2#stable (https://sqlmap.org)",
        "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:Port Check)",
        "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
        "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
        "Mozilla/5.0 (compatible; zgrab/0.x)",
        "WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "RestSharp/110.2.0.0",
        "HTTPie/3.2.2",
        "Guzzle/7.8.0 curl/7.81.0 PHP/8.1.2",
        "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
    };

    [Theory]
    [MemberData(nameof(AutomationStrings))]
    public void Parse_AutomationClient_IsBot(string userAgent)
    {
        var info = Parser.Parse(userAgent);

        Assert.True(info.IsBot);
        Assert.Equal(DeviceType.Bot, info.DeviceType);
    }

    /// <summary>
    /// The false-positive rate on strings people's browsers and devices send: uap-core's device suite without its
    /// crawlers (16,046 strings), its Firefox and Opera Mini lists (447). The goal is under 0.5 %.
    /// </summary>
    [Fact]
    public void Parse_UapCoreBrowserAndDeviceStrings_FalsePositivesUnderHalfAPercent()
    {
        var strings = UapCoreConformance.Load("test_device.yaml").Where(testCase => testCase["family"] != "Spider")
            .Concat(UapCoreConformance.Load("firefox_user_agent_strings.yaml"))
            .Concat(UapCoreConformance.Load("opera_mini_user_agent_strings.yaml"))
            .Select(testCase => testCase["user_agent_string"]!)
            .ToList();

        var caught = strings.Where(userAgent => Parser.Parse(userAgent).IsBot).ToList();

        var rate = (double)caught.Count / strings.Count;
        output.WriteLine($"isbot {AutomationClients.Version}: {caught.Count} of {strings.Count} browser strings caught ({rate:P3})");
        foreach (var userAgent in caught.Take(20))
        {
            output.WriteLine(userAgent);
        }

        Assert.True(rate < 0.005, $"{caught.Count} of {strings.Count} real browser strings were taken for bots ({rate:P3}).");
    }

    [Theory]
    [InlineData("SAMSUNG-SGH-E740")]
    [InlineData("LG-KP175")]
    [InlineData("MOT-V198, MOT-V190/0A.63.12R MIB/2.2.1 Profile/MIDP-2.0 Configuration/CLDC-1.1")]
    public void Parse_HandsetUapCoreNamesThatMatchesAShapeRule_IsNotABot(string userAgent)
    {
        var info = Parser.Parse(userAgent);

        Assert.False(info.IsBot);
        Assert.NotEqual(DeviceType.Bot, info.DeviceType);
    }

    [Fact]
    public void Parse_HeadlessBrowserClaimingAHandset_IsBot() =>
        Assert.True(Parser.Parse(
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Mobile Safari/537.36").IsBot);

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51")]
    public void Parse_CurrentBrowser_IsNotABot(string userAgent) => Assert.False(Parser.Parse(userAgent).IsBot);
}
