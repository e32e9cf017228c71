using System.Text;
using LoginAudit.Data.Auditing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// The User-Agent Client Hints a Chromium browser sent with a request. Chromium freezes its user-agent
/// string ("Windows NT 10.0" on Windows 11, "Mac OS X 10_15_7" on every later macOS, "Android 10; K"),
/// so these headers are the only way to learn the real platform version and, for browsers that send
/// Chrome's string unchanged (Brave), the real browser.
/// </summary>
/// <param name="Brand">The most specific brand of <c>Sec-CH-UA</c>: GREASE brands are ignored and
/// "Chromium" is taken only when nothing else is named.</param>
/// <param name="BrandVersion">That brand's <c>v</c> parameter (a major version).</param>
/// <param name="Mobile"><c>Sec-CH-UA-Mobile</c>: <c>?1</c> true, <c>?0</c> false.</param>
/// <param name="Platform"><c>Sec-CH-UA-Platform</c>, such as "Windows", "macOS", "Android", "Chrome OS", "Linux".</param>
/// <param name="PlatformVersion"><c>Sec-CH-UA-Platform-Version</c>, such as "15.0.0"; sent only once the
/// site asked for it with <see cref="AcceptChHeaderValue"/>.</param>
public sealed record ClientHints(string? Brand, string? BrandVersion, bool? Mobile, string? Platform, string? PlatformVersion)
{
    /// <summary>
    /// The value of the <c>Accept-CH</c> response header: the hints LoginAudit asks for. Browsers send
    /// <c>Sec-CH-UA</c>, <c>Sec-CH-UA-Mobile</c> and <c>Sec-CH-UA-Platform</c> unasked; the platform
    /// version is a high-entropy hint that only comes on requests after the browser saw this header.
    /// </summary>
    public const string AcceptChHeaderValue = "Sec-CH-UA-Platform-Version";

    public const string BrandsHeader = "Sec-CH-UA";
    public const string MobileHeader = "Sec-CH-UA-Mobile";
    public const string PlatformHeader = "Sec-CH-UA-Platform";
    public const string PlatformVersionHeader = "Sec-CH-UA-Platform-Version";

    // Real values are a few dozen characters; anything longer is cut before it is looked at.
    private const int MaxHeaderLength = 512;
    private const int MaxBrands = 16;

    private static readonly Dictionary<string, string> UapCoreFamilyByBrand = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Google Chrome"] = "Chrome",
        ["Microsoft Edge"] = "Edge",
        ["Opera"] = "Opera",
        ["Opera GX"] = "Opera",
        ["Brave"] = "Brave",
        ["Vivaldi"] = "Vivaldi",
        ["Yandex"] = "Yandex Browser",
        ["YaBrowser"] = "Yandex Browser",
        ["Samsung Internet"] = "Samsung Internet",
    };

    private static readonly Dictionary<string, string> UapCoreFamilyByPlatform = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Windows"] = "Windows",
        ["macOS"] = "Mac OS X",
        ["Android"] = "Android",
        ["Chrome OS"] = "Chrome OS",
        ["ChromeOS"] = "Chrome OS",
        ["Linux"] = "Linux",
    };

    private static readonly HashSet<string> ChromeFamilies = new(StringComparer.Ordinal)
    {
        "Chrome", "Chrome Mobile", "Chromium", "Chrome Mobile WebView", "HeadlessChrome",
    };

    private static readonly HashSet<string> DesktopPlatforms = new(StringComparer.OrdinalIgnoreCase)
    {
        "Windows", "macOS", "Linux", "Chrome OS", "ChromeOS",
    };

    /// <summary>
    /// Reads the hints from request headers; null when none of the four headers is present. Never
    /// throws: values are cut to a few hundred characters, control characters are dropped, and a value
    /// that does not parse (or a version that is not digits and dots) is null.
    /// </summary>
    public static ClientHints? FromHeaders(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);

        var brands = Read(headers, BrandsHeader);
        var mobile = Read(headers, MobileHeader);
        var platform = Read(headers, PlatformHeader);
        var platformVersion = Read(headers, PlatformVersionHeader);
        if (brands is null && mobile is null && platform is null && platformVersion is null)
        {
            return null;
        }

        var (brand, brandVersion) = PickBrand(brands is null ? [] : BrandList.Parse(brands, MaxBrands));
        return new ClientHints(
            brand,
            brandVersion,
            mobile switch { "?1" => true, "?0" => false, _ => null },
            Capped(Unquote(platform), LoginLogLimits.Name),
            VersionOrNull(Unquote(platformVersion)));
    }

    /// <summary>
    /// Corrects what the frozen user-agent string got wrong. The mapping:
    /// <list type="bullet">
    /// <item>Browser: the brand replaces a browser family that is unknown ("Other"), or a Chrome/Chromium
    /// family when the brand names another browser (Brave sends Chrome's string). "Google Chrome" is
    /// "Chrome", "Microsoft Edge" is "Edge", as uap-core names them; the version is the brand's.</item>
    /// <item>OS, platform "Windows": platform version major 13 or more is Windows 11, 1 to 10 is Windows 10
    /// (Microsoft's published mapping; 0 means 8.1 or older, which the string already tells apart).</item>
    /// <item>OS, platform "macOS", "Android", "Chrome OS", "Linux": that OS with the platform version's parts
    /// ("macOS" is uap-core's "Mac OS X").</item>
    /// <item>OS, any other platform or no usable version: the platform's name, only when the string gave no OS at all.</item>
    /// <item>Device type: <c>Sec-CH-UA-Mobile: ?1</c> turns Desktop or Other into Mobile; a desktop platform
    /// with <c>?0</c> turns Other into Desktop. A bot stays a bot.</item>
    /// </list>
    /// </summary>
    public UserAgentInfo RefineWith(UserAgentInfo parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);

        var os = RefineOs(parsed.Os);
        return parsed with
        {
            Browser = RefineBrowser(parsed.Browser),
            Os = os,
            DeviceType = RefineDeviceType(parsed.DeviceType, os),
        };
    }

    private BrowserInfo RefineBrowser(BrowserInfo parsed)
    {
        if (Brand is null)
        {
            return parsed;
        }

        var family = UapCoreFamilyByBrand.GetValueOrDefault(Brand, Brand);
        var replace = parsed.Family == BrowserInfo.Unknown.Family
            || (ChromeFamilies.Contains(parsed.Family) && !ChromeFamilies.Contains(family));
        if (!replace)
        {
            return parsed;
        }

        var version = VersionParts(BrandVersion);
        return new BrowserInfo(family, version[0], version[1], version[2]);
    }

    private OsInfo RefineOs(OsInfo parsed)
    {
        if (Platform is null)
        {
            return parsed;
        }

        var family = UapCoreFamilyByPlatform.GetValueOrDefault(Platform, Platform);
        var version = VersionParts(PlatformVersion);
        if (family == "Windows" && WindowsRelease(version[0]) is { } release)
        {
            return new OsInfo(family, release, null, null, null);
        }

        if (family != "Windows" && UapCoreFamilyByPlatform.ContainsKey(Platform) && version[0] is not null)
        {
            return new OsInfo(family, version[0], version[1], version[2], null);
        }

        return parsed.Family == OsInfo.Unknown.Family ? OsInfo.Unknown with { Family = family } : parsed;
    }

    private static string? WindowsRelease(string? platformMajor) =>
        int.TryParse(platformMajor, out var major) switch
        {
            false => null,
            true when major >= 13 => "11",
            true when major >= 1 && major <= 10 => "10",
            _ => null,
        };

    private DeviceType RefineDeviceType(DeviceType parsed, OsInfo os) => parsed switch
    {
        DeviceType.Desktop or DeviceType.Other when Mobile == true => DeviceType.Mobile,
        DeviceType.Other when Mobile == false && Platform is not null && DesktopPlatforms.Contains(Platform) && os.Family != OsInfo.Unknown.Family
            => DeviceType.Desktop,
        _ => parsed,
    };

    private static (string? Brand, string? Version) PickBrand(IReadOnlyList<(string Brand, string? Version)> brands)
    {
        var named = brands.Where(entry => !IsGrease(entry.Brand)).ToArray();
        var (brand, version) = named.FirstOrDefault(entry => !entry.Brand.Equals("Chromium", StringComparison.OrdinalIgnoreCase));
        if (brand is null)
        {
            (brand, version) = named.FirstOrDefault();
        }

        return (Capped(brand, LoginLogLimits.Name), VersionOrNull(version));
    }

    /// <summary>
    /// Chromium adds a made-up brand ("Not-A.Brand", "Not A(Brand", "Not)A;Brand"...) so that servers do
    /// not come to expect a fixed list (the specification's GREASE). Its letters always spell NotABrand.
    /// </summary>
    private static bool IsGrease(string brand)
    {
        var letters = new StringBuilder(brand.Length);
        foreach (var c in brand)
        {
            if (char.IsAsciiLetter(c))
            {
                letters.Append(c);
            }
        }

        return letters.ToString().Equals("NotABrand", StringComparison.OrdinalIgnoreCase);
    }

    private static string? Read(IHeaderDictionary headers, string name)
    {
        if (!headers.TryGetValue(name, out var values) || StringValues.IsNullOrEmpty(values))
        {
            return null;
        }

        var joined = values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', values.ToArray());
        var clean = new StringBuilder(Math.Min(joined.Length, MaxHeaderLength));
        foreach (var c in joined.AsSpan(0, Math.Min(joined.Length, MaxHeaderLength)))
        {
            if (!char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        var text = clean.ToString().Trim();
        return text.Length == 0 ? null : text;
    }

    private static string? Unquote(string? value) =>
        value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"' ? value[1..^1].Trim() : value;

    private static string? Capped(string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Length <= maxLength ? value : value[..maxLength];

    /// <summary>Digits and dots only, such as "15.0.0"; anything else (or too long) is no version.</summary>
    private static string? VersionOrNull(string? value) =>
        value is { Length: > 0 and <= LoginLogLimits.Version }
        && value.All(c => char.IsAsciiDigit(c) || c == '.')
        && char.IsAsciiDigit(value[0])
            ? value
            : null;

    private static string?[] VersionParts(string? version)
    {
        var parts = version?.Split('.', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return [parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2)];
    }
}
