using LoginAudit.Data.UserAgents;

namespace LoginAudit.Tests.UserAgents;

/// <summary>Each rule of <see cref="DeviceClassifier"/> on its own; real user agents are in <see cref="UapCoreUserAgentParserTests"/>.</summary>
public sealed class DeviceClassifierTests
{
    [Theory]
    [InlineData("Other", "Spider")]
    [InlineData("Spider", "Other")]
    public void Classify_SpiderDeviceOrBrowser_IsBot(string browserFamily, string deviceFamily)
    {
        var (deviceType, isBot) = Classify("anything", browserFamily, "Windows", deviceFamily);

        Assert.Equal(DeviceType.Bot, deviceType);
        Assert.True(isBot);
    }

    [Theory]
    [InlineData(Ua, "iOS", "iPad")]
    [InlineData(Ua, "Android", "Kindle Fire HD")]
    [InlineData(Ua, "Linux", "Kindle")]
    [InlineData(Ua, "Android", "Generic Tablet")]
    [InlineData(Ua, "BlackBerry Tablet OS", "BlackBerry Playbook")]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-X700) Safari/537.36", "Android", "Samsung SM-X700")]
    [InlineData("Mozilla/5.0 (Tablet; rv:26.0) Gecko/26.0 Firefox/26.0", "Firefox OS", "Other")]
    public void Classify_TabletSigns_IsTablet(string userAgent, string osFamily, string deviceFamily) =>
        Assert.Equal((DeviceType.Tablet, false), Classify(userAgent, "Other", osFamily, deviceFamily));

    [Theory]
    [InlineData(Ua, "Other", "iPhone")]
    [InlineData(Ua, "Other", "iPod")]
    [InlineData(Ua, "Other", "Generic Feature Phone")]
    [InlineData(Ua, "Windows Phone", "Other")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36", "Android", "Google Pixel 8")]
    [InlineData("Opera/9.80 (Opera Mobi/12) Presto", "Other", "Other")]
    [InlineData("Nokia6230i/2.0 Profile/MIDP-2.0", "Other", "Nokia 6230i")]
    public void Classify_PhoneSigns_IsMobile(string userAgent, string osFamily, string deviceFamily) =>
        Assert.Equal((DeviceType.Mobile, false), Classify(userAgent, "Other", osFamily, deviceFamily));

    [Theory]
    [InlineData("Windows", "10", "Other")]
    [InlineData("Mac OS X", "14", "Mac")]
    [InlineData("Ubuntu", null, "Other")]
    [InlineData("Chrome OS", "124", "Other")]
    [InlineData("Windows", "XP", "Other")]
    [InlineData("Linux", null, "Other")]
    public void Classify_DesktopOsOnNoParticularDevice_IsDesktop(string osFamily, string? osMajor, string deviceFamily) =>
        Assert.Equal((DeviceType.Desktop, false), Classify(Ua, "Other", osFamily, deviceFamily, osMajor));

    [Fact]
    public void Classify_TabletPcMarkerOfDesktopInternetExplorer_IsDesktop() =>
        Assert.Equal(
            (DeviceType.Desktop, false),
            Classify("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; Tablet PC 2.0)", "IE", "Windows", "Other", "7"));

    [Theory]
    [InlineData("Windows", "CE", "Other")]
    [InlineData("Linux", null, "HbbTV")]
    [InlineData("Tizen", "2", "Other")]
    [InlineData("Other", null, "Other")]
    public void Classify_NeitherComputerNorPhone_IsOther(string osFamily, string? osMajor, string deviceFamily) =>
        Assert.Equal((DeviceType.Other, false), Classify(Ua, "Other", osFamily, deviceFamily, osMajor));

    /// <summary>Shaped like a browser's, so that only the families decide (isbot takes a bare word for a script).</summary>
    private const string Ua = "Mozilla/5.0 (X11) AppleWebKit/537.36 (KHTML, like Gecko) Safari/537.36";

    private static (DeviceType, bool) Classify(string userAgent, string browserFamily, string osFamily, string deviceFamily, string? osMajor = null) =>
        DeviceClassifier.Classify(
            userAgent,
            new BrowserInfo(browserFamily, null, null, null),
            new OsInfo(osFamily, osMajor, null, null, null),
            new DeviceInfo(deviceFamily, null, null));
}
