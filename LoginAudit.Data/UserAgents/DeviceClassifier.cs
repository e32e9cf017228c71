using System.Text.RegularExpressions;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// Derives <see cref="DeviceType"/> and the bot flag from what uap-core found, since uap-core itself
/// names devices but does not classify them. The rules run in order and the first that applies wins:
/// <list type="number">
/// <item>Bot: uap-core's device family or browser family is "Spider" (its name for every crawler), or the string is
/// an automation client by isbot's list (<see cref="AutomationClients"/>, with its rule for strings that claim both).</item>
/// <item>Tablet: an iPad, a Kindle, a device uap-core calls a tablet, BlackBerry Tablet OS, an Android OS
/// without the "Mobile" token (Google's own advice for telling Android tablets from phones), or a "Tablet"
/// token that is not the "Tablet PC" marker desktop Internet Explorer sends.</item>
/// <item>Mobile: an iPhone or iPod, a phone OS (iOS, Android, Windows Phone, BlackBerry, Symbian,
/// KaiOS...), a phone uap-core names generically ("Generic Smartphone", "Generic Feature Phone"), the
/// "Mobi" token (Mozilla's advice for spotting mobile browsers) or the "MIDP" token of Java phones.</item>
/// <item>Desktop: a desktop OS family (Windows but CE, Mac OS X, Linux distributions, Chrome OS, the BSDs...)
/// on no particular device, or on a Mac; a device uap-core did name there (a TV, a console) is not a desktop.</item>
/// <item>Other: everything else, such as TVs, consoles and unknown clients.</item>
/// </list>
/// </summary>
internal static class DeviceClassifier
{
    private const string SpiderFamily = "Spider";

    private static readonly HashSet<string> TabletDeviceFamilies = new(StringComparer.Ordinal)
    {
        "iPad", "Kindle", "Generic Tablet",
    };

    private static readonly HashSet<string> MobileDeviceFamilies = new(StringComparer.Ordinal)
    {
        "iPhone", "iPod", "Generic Smartphone", "Generic Feature Phone",
    };

    private static readonly HashSet<string> MobileOsFamilies = new(StringComparer.Ordinal)
    {
        "iOS", "Android", "Windows Phone", "Windows Mobile", "BlackBerry OS", "Symbian OS", "Symbian^3",
        "Symbian^3 Anna", "Symbian^3 Belle", "Nokia Series 40", "Nokia Series 30 Plus", "KaiOS", "Firefox OS",
        "Sailfish", "MeeGo", "Maemo", "Bada",
    };

    private static readonly HashSet<string> DesktopOsFamilies = new(StringComparer.Ordinal)
    {
        "Windows", "Mac OS X", "Mac OS", "Linux", "Ubuntu", "Kubuntu", "Lubuntu", "Debian", "Fedora", "Red Hat",
        "CentOS", "SUSE", "openSUSE", "Mandriva", "Gentoo", "Slackware", "Arch Linux", "Linux Mint", "Mint",
        "PCLinuxOS", "Chrome OS", "ChromeOS", "FreeBSD", "OpenBSD", "NetBSD", "Solaris", "BeOS", "Haiku",
    };

    private static readonly Regex TabletToken = new(@"\bTablet\b(?! PC)", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));

    public static (DeviceType DeviceType, bool IsBot) Classify(string userAgent, BrowserInfo browser, OsInfo os, DeviceInfo device)
    {
        if (device.Family == SpiderFamily || browser.Family == SpiderFamily || AutomationClients.IsAutomation(userAgent, device))
        {
            return (DeviceType.Bot, true);
        }

        if (IsTablet(userAgent, os, device))
        {
            return (DeviceType.Tablet, false);
        }

        if (IsMobile(userAgent, os, device))
        {
            return (DeviceType.Mobile, false);
        }

        return (IsDesktop(os, device) ? DeviceType.Desktop : DeviceType.Other, false);
    }

    private static bool IsTablet(string userAgent, OsInfo os, DeviceInfo device) =>
        TabletDeviceFamilies.Contains(device.Family)
        || device.Family.StartsWith("Kindle", StringComparison.Ordinal)
        || os.Family == "BlackBerry Tablet OS"
        || (os.Family == "Android" && !userAgent.Contains("Mobile", StringComparison.Ordinal))
        || HasTabletToken(userAgent);

    private static bool IsMobile(string userAgent, OsInfo os, DeviceInfo device) =>
        MobileDeviceFamilies.Contains(device.Family)
        || MobileOsFamilies.Contains(os.Family)
        || userAgent.Contains("Mobi", StringComparison.Ordinal)
        || userAgent.Contains("MIDP", StringComparison.Ordinal);

    // uap-core names every Windows "Windows" with the version as major ("10", "XP", "CE"...) except the
    // phone ones; CE ran on handhelds and appliances, not desktops.
    private static bool IsDesktop(OsInfo os, DeviceInfo device) =>
        DesktopOsFamilies.Contains(os.Family)
        && !(os.Family == "Windows" && os.Major == "CE")
        && (device.Family == DeviceInfo.Unknown.Family || device.Family == "Mac");

    private static bool HasTabletToken(string userAgent)
    {
        try
        {
            return TabletToken.IsMatch(userAgent);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
