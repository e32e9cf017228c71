using LoginAudit.Data.UserAgents;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LoginAudit.Tests.UserAgents;

public sealed class ClientHintsTests
{
    private const string ChromeBrands = "\"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"";

    // What Chrome 124 on Windows 11 sends: its user-agent string still says Windows NT 10.0.
    private const string ChromeOnWindows11 =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    private static readonly UapCoreUserAgentParser Parser = new();

    [Fact]
    public void FromHeaders_ChromeOnWindows_ReadsEveryHint()
    {
        var hints = ClientHints.FromHeaders(Headers(
            ("Sec-CH-UA", ChromeBrands),
            ("Sec-CH-UA-Mobile", "?0"),
            ("Sec-CH-UA-Platform", "\"Windows\""),
            ("Sec-CH-UA-Platform-Version", "\"15.0.0\"")));

        Assert.Equal(new ClientHints("Google Chrome", "124", false, "Windows", "15.0.0"), hints);
    }

    [Fact]
    public void FromHeaders_NoHintHeaders_ReturnsNull() =>
        Assert.Null(ClientHints.FromHeaders(Headers(("User-Agent", ChromeOnWindows11), ("Accept", "*/*"))));

    [Fact]
    public void FromHeaders_OnlyMobile_ReturnsTheOneHint() =>
        Assert.Equal(new ClientHints(null, null, true, null, null), ClientHints.FromHeaders(Headers(("Sec-CH-UA-Mobile", "?1"))));

    [Theory]
    [InlineData("\"Not-A.Brand\";v=\"99\", \"Chromium\";v=\"124\"", "Chromium", "124")]
    [InlineData("\"Not A(Brand\";v=\"8\", \"Chromium\";v=\"120\", \"Microsoft Edge\";v=\"120\"", "Microsoft Edge", "120")]
    [InlineData("\"Brave\";v=\"124\", \"Chromium\";v=\"124\", \"Not)A;Brand\";v=\"24\"", "Brave", "124")]
    [InlineData("\" Not;A Brand\";v=\"99\", \"Opera\";v=\"109\"", "Opera", "109")]
    [InlineData("\"Not_A Brand\";v=\"8\"", null, null)]
    public void FromHeaders_BrandList_IgnoresGreaseAndPrefersASpecificBrand(string header, string? brand, string? version)
    {
        var hints = ClientHints.FromHeaders(Headers(("Sec-CH-UA", header)))!;

        Assert.Equal(brand, hints.Brand);
        Assert.Equal(version, hints.BrandVersion);
    }

    [Fact]
    public void FromHeaders_BrandListSplitOverTwoHeaderLines_ReadsBoth()
    {
        var headers = new HeaderDictionary { ["Sec-CH-UA"] = new StringValues(["\"Chromium\";v=\"124\"", "\"Vivaldi\";v=\"6\""]) };

        Assert.Equal("Vivaldi", ClientHints.FromHeaders(headers)!.Brand);
    }

    [Theory]
    [InlineData("Sec-CH-UA", "\"Chromium")]
    [InlineData("Sec-CH-UA", ";;;,,,\"\";v=")]
    [InlineData("Sec-CH-UA", "Chromium;v=124")]
    [InlineData("Sec-CH-UA-Mobile", "yes")]
    [InlineData("Sec-CH-UA-Platform-Version", "\"15.0.0<script>\"")]
    [InlineData("Sec-CH-UA-Platform-Version", "\"-1\"")]
    [InlineData("Sec-CH-UA-Platform", "\"\"")]
    public void FromHeaders_MalformedValue_DropsIt(string header, string value)
    {
        var hints = ClientHints.FromHeaders(Headers((header, value)));

        Assert.Equal(new ClientHints(null, null, null, null, null), hints);
    }

    [Fact]
    public void FromHeaders_BrandVersionNotANumber_KeepsTheBrandOnly()
    {
        var hints = ClientHints.FromHeaders(Headers(("Sec-CH-UA", "\"Google Chrome\";v=\"124; DROP TABLE\"")))!;

        Assert.Equal("Google Chrome", hints.Brand);
        Assert.Null(hints.BrandVersion);
    }

    public static TheoryData<string> HostileValues => new()
    {
        new string('"', 100_000),
        string.Concat(Enumerable.Repeat("\"Brand\";v=\"1\", ", 10_000)),
        "\"Win\r\ndows\0\u001b[2J\"",
        "\"\\",
        new string(';', 50_000) + "v=",
        "\uD800\uDC00\uFFFF\"",
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void FromHeaders_HostileValues_NeverThrowAndStayShort(string value)
    {
        var hints = ClientHints.FromHeaders(Headers(
            ("Sec-CH-UA", value), ("Sec-CH-UA-Mobile", value), ("Sec-CH-UA-Platform", value), ("Sec-CH-UA-Platform-Version", value)))!;

        Assert.All(new[] { hints.Brand, hints.BrandVersion, hints.Platform, hints.PlatformVersion }, field =>
        {
            Assert.True(field is null || field.Length <= 64, $"'{field}' is longer than a stored name");
            Assert.True(field is null || !field.Any(char.IsControl), $"'{field}' holds a control character");
        });
    }

    [Fact]
    public void FromHeaders_ControlCharactersInPlatform_AreDropped() =>
        Assert.Equal("Windows", ClientHints.FromHeaders(Headers(("Sec-CH-UA-Platform", "\"Win\r\ndo\0ws\"")))!.Platform);

    [Fact]
    public void RefineWith_WindowsPlatformVersion15_IsWindows11()
    {
        var refined = new ClientHints("Google Chrome", "124", false, "Windows", "15.0.0").RefineWith(Parser.Parse(ChromeOnWindows11));

        Assert.Equal(new OsInfo("Windows", "11", null, null, null), refined.Os);
        Assert.Equal(new BrowserInfo("Chrome", "124", "0", "0"), refined.Browser);
        Assert.Equal(DeviceType.Desktop, refined.DeviceType);
    }

    [Theory]
    [InlineData("13.0.0", "11")]
    [InlineData("10.0.0", "10")]
    [InlineData("1.0.0", "10")]
    public void RefineWith_WindowsPlatformVersion_MapsToRelease(string platformVersion, string release) =>
        Assert.Equal(release, new ClientHints(null, null, null, "Windows", platformVersion).RefineWith(Parser.Parse(ChromeOnWindows11)).Os.Major);

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("12.0.0")]
    [InlineData(null)]
    public void RefineWith_WindowsWithoutAKnownRelease_KeepsTheStringsOs(string? platformVersion)
    {
        var parsed = Parser.Parse(ChromeOnWindows11);

        Assert.Equal(parsed.Os, new ClientHints(null, null, null, "Windows", platformVersion).RefineWith(parsed).Os);
    }

    [Theory]
    [InlineData("macOS", "14.4.1", "Mac OS X", "14", "4", "1")]
    [InlineData("Android", "14.0.0", "Android", "14", "0", "0")]
    [InlineData("Chrome OS", "14541.0.0", "Chrome OS", "14541", "0", "0")]
    [InlineData("Linux", "6.5.0", "Linux", "6", "5", "0")]
    public void RefineWith_PlatformVersion_GivesTheOsVersion(string platform, string platformVersion, string family, string major, string minor, string patch)
    {
        var refined = new ClientHints(null, null, null, platform, platformVersion).RefineWith(Parser.Parse(ChromeOnWindows11));

        Assert.Equal(new OsInfo(family, major, minor, patch, null), refined.Os);
    }

    [Fact]
    public void RefineWith_MacOsWithFrozenString_GetsTheRealVersion()
    {
        var parsed = Parser.Parse(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");

        var refined = new ClientHints("Google Chrome", "124", false, "macOS", "14.4.1").RefineWith(parsed);

        Assert.Equal(new OsInfo("Mac OS X", "10", "15", "7", null), parsed.Os);
        Assert.Equal(new OsInfo("Mac OS X", "14", "4", "1", null), refined.Os);
    }

    [Fact]
    public void RefineWith_BraveSendingChromesString_BecomesBrave()
    {
        var refined = new ClientHints("Brave", "124", false, "Windows", null).RefineWith(Parser.Parse(ChromeOnWindows11));

        Assert.Equal(new BrowserInfo("Brave", "124", null, null), refined.Browser);
    }

    [Fact]
    public void RefineWith_GoogleChromeBrandOnChromeMobile_KeepsTheMoreSpecificFamily()
    {
        var parsed = Parser.Parse(
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36");

        var refined = new ClientHints("Google Chrome", "124", true, "Android", "14.0.0").RefineWith(parsed);

        Assert.Equal("Chrome Mobile", refined.Browser.Family);
        Assert.Equal(new OsInfo("Android", "14", "0", "0", null), refined.Os);
        Assert.Equal(DeviceType.Mobile, refined.DeviceType);
    }

    [Fact]
    public void RefineWith_UnknownBrowserString_TakesTheBrand()
    {
        var refined = new ClientHints("Microsoft Edge", "124", null, null, null).RefineWith(UserAgentInfo.Unknown);

        Assert.Equal(new BrowserInfo("Edge", "124", null, null), refined.Browser);
    }

    [Fact]
    public void RefineWith_MobileHint_TurnsDesktopIntoMobile() =>
        Assert.Equal(DeviceType.Mobile, new ClientHints(null, null, true, null, null).RefineWith(Parser.Parse(ChromeOnWindows11)).DeviceType);

    [Fact]
    public void RefineWith_MobileHintOnABot_KeepsTheBot()
    {
        var bot = Parser.Parse("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

        Assert.Equal(DeviceType.Bot, new ClientHints(null, null, true, null, null).RefineWith(bot).DeviceType);
    }

    [Fact]
    public void RefineWith_DesktopPlatformOnUnknownString_IsDesktop()
    {
        var refined = new ClientHints(null, null, false, "Windows", "15.0.0").RefineWith(UserAgentInfo.Unknown);

        Assert.Equal(DeviceType.Desktop, refined.DeviceType);
        Assert.Equal("Windows", refined.Os.Family);
    }

    [Theory]
    [InlineData("macOS", "Mac OS X")]
    [InlineData("Windows", "Windows")]
    [InlineData("Fuchsia", "Fuchsia")]
    public void RefineWith_PlatformWithoutVersionOnUnknownString_NamesTheOs(string platform, string family) =>
        Assert.Equal(OsInfo.Unknown with { Family = family }, new ClientHints(null, null, null, platform, null).RefineWith(UserAgentInfo.Unknown).Os);

    [Fact]
    public void RefineWith_PlatformWithoutVersion_KeepsTheStringsOs()
    {
        var parsed = Parser.Parse(ChromeOnWindows11);

        Assert.Equal(parsed.Os, new ClientHints(null, null, null, "Fuchsia", null).RefineWith(parsed).Os);
    }

    [Fact]
    public void RefineWith_NoHints_LeavesTheResultUnchanged()
    {
        var parsed = Parser.Parse(ChromeOnWindows11);

        Assert.Equal(parsed, new ClientHints(null, null, null, null, null).RefineWith(parsed));
    }

    [Fact]
    public void AcceptChHeaderValue_AsksForThePlatformVersion() =>
        Assert.Contains("Sec-CH-UA-Platform-Version", ClientHints.AcceptChHeaderValue.Split(", "));

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }
}
