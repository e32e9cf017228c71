using LoginAudit.Data.Auditing;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Tests.UserAgents;

public sealed class UapCoreUserAgentParserTests
{
    private const string ChromeOnWindows =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    // Construction reads the YAML; one parser serves every test, as one serves the app.
    private static readonly UapCoreUserAgentParser Parser = new();

    // A timeout this short makes slow expressions give up; either way Parse must return.
    private static readonly UapCoreUserAgentParser ImpatientParser = new(
        UapCoreRules.LoadEmbedded(TimeSpan.FromTicks(1), compileLongExpressions: false), cacheSize: 0);

    [Fact]
    public void Parse_ChromeOnWindows_NamesBrowserOsAndDevice()
    {
        var info = Parser.Parse(ChromeOnWindows);

        Assert.Equal(new BrowserInfo("Chrome", "124", "0", "0"), info.Browser);
        Assert.Equal(new OsInfo("Windows", "10", null, null, null), info.Os);
        Assert.Equal(DeviceInfo.Unknown, info.Device);
        Assert.Equal(DeviceType.Desktop, info.DeviceType);
        Assert.False(info.IsBot);
    }

    [Fact]
    public void Parse_IPhone_NamesAppleDevice()
    {
        var info = Parser.Parse(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1");

        Assert.Equal(new BrowserInfo("Mobile Safari", "17", "4", "1"), info.Browser);
        Assert.Equal(new OsInfo("iOS", "17", "4", "1", null), info.Os);
        Assert.Equal(new DeviceInfo("iPhone", "Apple", "iPhone"), info.Device);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_NoUserAgent_ReturnsUnknown(string? userAgent) =>
        Assert.Same(UserAgentInfo.Unknown, Parser.Parse(userAgent));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")]
    [InlineData("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")]
    [InlineData("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; Tablet PC 2.0)")]
    public void Parse_DesktopOs_IsDesktop(string userAgent) => AssertDeviceType(DeviceType.Desktop, userAgent);

    [Theory]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36")]
    [InlineData("Mozilla/5.0 (compatible; MSIE 10.0; Windows Phone 8.0; Trident/6.0; IEMobile/10.0; ARM; Touch; NOKIA; Lumia 920)")]
    [InlineData("Mozilla/5.0 (Mobile; rv:48.0; A405DL) Gecko/48.0 Firefox/48.0 KAIOS/2.5")]
    [InlineData("Nokia6230i/2.0 (03.80) Profile/MIDP-2.0 Configuration/CLDC-1.1")]
    public void Parse_Phone_IsMobile(string userAgent) => AssertDeviceType(DeviceType.Mobile, userAgent);

    [Theory]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1")]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")]
    [InlineData("Mozilla/5.0 (X11; U; Linux armv7l like Android; en-us) AppleWebKit/531.2+ (KHTML, like Gecko) Version/5.0 Safari/533.2+ Kindle/3.0+")]
    [InlineData("Mozilla/5.0 (Tablet; rv:26.0) Gecko/26.0 Firefox/26.0")]
    [InlineData("Mozilla/5.0 (PlayBook; U; RIM Tablet OS 2.1.0; en-US) AppleWebKit/536.2+ (KHTML, like Gecko) Version/7.2.1.0 Safari/536.2+")]
    public void Parse_Tablet_IsTablet(string userAgent) => AssertDeviceType(DeviceType.Tablet, userAgent);

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")]
    [InlineData("Mozilla/5.0 (compatible;PetalBot;+https://webmaster.petalsearch.com/site/petalbot)")]
    public void Parse_Crawler_IsBot(string userAgent)
    {
        var info = Parser.Parse(userAgent);

        Assert.Equal(DeviceType.Bot, info.DeviceType);
        Assert.True(info.IsBot);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (SMART-TV; Linux; Tizen 2.3) AppleWebKit/538.1 (KHTML, like Gecko) Version/2.3 TV Safari/538.1")]
    [InlineData("Mozilla/5.0 (PlayStation 4 3.11) AppleWebKit/537.73 (KHTML, like Gecko)")]
    [InlineData("Mozilla/5.0 (something nobody has ever sent) Gecko/20100101")]
    public void Parse_NeitherComputerNorPhone_IsOther(string userAgent) => AssertDeviceType(DeviceType.Other, userAgent);

    [Fact]
    public void Parse_HugeString_IsCutToTheStoredLength()
    {
        var padding = new string('x', LoginLogLimits.UserAgent);

        Assert.Equal("Firefox", Parser.Parse("Firefox/125.0 " + padding).Browser.Family);
        Assert.Equal("Other", Parser.Parse(padding + " Firefox/125.0").Browser.Family);
    }

    [Fact]
    public void Parse_StringsEqualUpToTheCut_ShareOneCachedResult()
    {
        var prefix = ChromeOnWindows + new string(' ', LoginLogLimits.UserAgent);

        Assert.Same(Parser.Parse(prefix + "one ending"), Parser.Parse(prefix + "another ending"));
    }

    public static TheoryData<string> HostileUserAgents => new()
    {
        new string('a', 10 * 1024),
        "Mozilla/5.0 (Windows NT 10.0)\r\nX-Injected: yes\r\n\r\n",
        "Mozilla/5.0 (\0\u0001\u0002\u001b[31m\u007f; Android 14; \uFFFF\uD800 Build/x)",
        "; " + string.Concat(Enumerable.Repeat("a ", 5000)) + "Build",
        string.Concat(Enumerable.Repeat("Mozilla/5.0 (Linux; Android ", 400)),
        string.Concat(Enumerable.Repeat("/1.1.1.1.1", 1000)),
        new string(';', 10 * 1024) + " Build/",
        string.Concat(Enumerable.Repeat("Bot ", 3000)),
        new string('\n', 10 * 1024),
    };

    [Theory]
    [MemberData(nameof(HostileUserAgents))]
    public void Parse_HostileString_ReturnsWithoutThrowing(string userAgent)
    {
        var info = Parser.Parse(userAgent);

        Assert.NotNull(info.Browser.Family);
        Assert.NotNull(info.Os.Family);
        Assert.NotNull(info.Device.Family);
    }

    [Fact]
    public void Parse_ControlCharactersInCapturedText_NeverReachTheResult()
    {
        var info = Parser.Parse("Mozilla/5.0 (Linux; Android 14; Evil\u001b[2J\r\nPhone Build/UP1A) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36");

        Assert.Equal("Evil [2J  Phone", info.Device.Model);
        Assert.DoesNotContain(
            new[] { info.Browser.Family, info.Os.Family, info.Device.Family, info.Device.Brand, info.Device.Model },
            field => field is not null && field.Any(char.IsControl));
    }

    [Fact]
    public void Parse_JunkWithoutKnownTokens_HasUnknownPartsAndIsABot()
    {
        var info = Parser.Parse(new string('a', 10 * 1024) + "\r\n\0");

        Assert.Equal(UserAgentInfo.Unknown with { DeviceType = DeviceType.Bot, IsBot = true }, info);
    }

    [Theory]
    [MemberData(nameof(HostileUserAgents))]
    public void Parse_MatchTimeoutReached_ReturnsInsteadOfThrowing(string userAgent)
    {
        var info = ImpatientParser.Parse(userAgent);

        Assert.NotNull(info);
    }

    [Fact]
    public void Parse_SameUserAgentTwice_ReturnsTheCachedResult()
    {
        var parser = new UapCoreUserAgentParser();

        var first = parser.Parse(ChromeOnWindows);
        var second = parser.Parse(ChromeOnWindows);

        Assert.Same(first, second);
        Assert.Equal(1, parser.CachedCount);
    }

    [Fact]
    public void Parse_CachedResult_EqualsUncachedResult()
    {
        var uncached = new UapCoreUserAgentParser(cacheSize: 0, UapCoreUserAgentParser.DefaultMatchTimeout);

        Assert.Equal(uncached.Parse(ChromeOnWindows), Parser.Parse(ChromeOnWindows));
        Assert.Equal(0, uncached.CachedCount);
    }

    [Fact]
    public void Parse_ManyDistinctUserAgents_KeepsTheCacheBounded()
    {
        var parser = new UapCoreUserAgentParser(cacheSize: 8, UapCoreUserAgentParser.DefaultMatchTimeout);

        for (var i = 0; i < 100; i++)
        {
            parser.Parse($"Mozilla/5.0 (X11; Linux x86_64; rv:{i}.0) Gecko/20100101 Firefox/{i}.0");
        }

        Assert.InRange(parser.CachedCount, 1, 16);
    }

    [Fact]
    public void Parse_FromManyThreads_GivesTheSameResultsAsOneThread()
    {
        var userAgents = Enumerable.Range(0, 64)
            .Select(i => $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{i % 16}.0.0.0 Safari/537.36")
            .ToArray();
        var shared = new UapCoreUserAgentParser(cacheSize: 4, UapCoreUserAgentParser.DefaultMatchTimeout);

        var parallel = new UserAgentInfo[userAgents.Length];
        Parallel.For(0, userAgents.Length, i => parallel[i] = shared.Parse(userAgents[i]));

        Assert.Equal(userAgents.Select(Parser.Parse), parallel);
    }

    private static void AssertDeviceType(DeviceType expected, string userAgent)
    {
        var info = Parser.Parse(userAgent);

        Assert.True(
            expected == info.DeviceType,
            $"Expected {expected}, got {info.DeviceType} for {userAgent}: browser {info.Browser}, os {info.Os}, device {info.Device}");
        Assert.False(info.IsBot);
    }
}
