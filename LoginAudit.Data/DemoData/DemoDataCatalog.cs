using LoginAudit.Data.UserAgents;

namespace LoginAudit.Data.DemoData;

/// <summary>A user agent string with the fields the audit writer would have parsed from it.</summary>
internal sealed record DemoUserAgent(
    string UserAgent, string Browser, string BrowserVersion, string Os, string? OsVersion,
    DeviceType DeviceType, string? DeviceBrand, string? DeviceModel, bool IsBot = false);

/// <summary>The fixed vocabulary of the demo data: names, places, user agents and addresses.</summary>
internal static class DemoDataCatalog
{
    /// <summary>Reserved by RFC 2606 (<c>.invalid</c>): no demo address can ever reach a mailbox.</summary>
    public const string EmailDomain = "demo.loginaudit.invalid";

    /// <summary>
    /// Demo addresses come only from the documentation ranges (RFC 5737: TEST-NET-1/2 for users, TEST-NET-3 for
    /// attackers), which real traffic never uses: that is how rows without a user are recognised as demo rows.
    /// </summary>
    public const string UserNetworkA = "192.0.2.";
    public const string UserNetworkB = "198.51.100.";
    public const string AttackerNetwork = "203.0.113.";

    public static readonly IReadOnlyList<string> DemoNetworks = [UserNetworkA, UserNetworkB, AttackerNetwork];

    public static readonly IReadOnlyList<string> FirstNames =
    [
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj",
        "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yasmin", "zoe", "amir", "bea", "chen",
    ];

    public static readonly IReadOnlyList<string> LastNames =
    [
        "smith", "mueller", "garcia", "rossi", "nguyen", "kowalski", "dubois", "silva", "tanaka", "okafor", "larsen", "novak",
    ];

    /// <summary>Names attackers and typos try: none of them is an account.</summary>
    public static readonly IReadOnlyList<string> UnknownNames =
    [
        "admin", "administrator", "root", "test", "user", "guest", "support", "info", "sales", "oracle", "postgres",
        "admin@" + EmailDomain, "webmaster@" + EmailDomain, "backup", "ftp", "operator", "alice.smith@example.com",
    ];

    public static readonly IReadOnlyList<string> HomeLocations =
    [
        "Berlin, DE", "Munich, DE", "Hamburg, DE", "Vienna, AT", "Zurich, CH", "Paris, FR", "Amsterdam, NL",
        "London, GB", "Madrid, ES", "Milan, IT", "Warsaw, PL", "Copenhagen, DK",
    ];

    public static readonly IReadOnlyList<string> AttackerLocations =
    [
        "Unknown", "Singapore, SG", "São Paulo, BR", "Lagos, NG", "Hanoi, VN", "Moscow, RU", "Ashburn, US",
    ];

    public static readonly IReadOnlyList<DemoUserAgent> PeopleAgents =
    [
        new("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
            "Chrome", "130.0.0", "Windows", "10", DeviceType.Desktop, null, null),
        new("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.2849.68",
            "Edge", "130.0.2849", "Windows", "10", DeviceType.Desktop, null, null),
        new("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Firefox", "132.0", "Windows", "10", DeviceType.Desktop, null, null),
        new("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Safari", "18.1", "Mac OS X", "10.15.7", DeviceType.Desktop, "Apple", "Mac"),
        new("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
            "Chrome", "130.0.0", "Mac OS X", "10.15.7", DeviceType.Desktop, "Apple", "Mac"),
        new("Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Firefox", "132.0", "Linux", null, DeviceType.Desktop, null, null),
        new("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Mobile Safari", "18.1", "iOS", "18.1", DeviceType.Mobile, "Apple", "iPhone"),
        new("Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36",
            "Chrome Mobile", "130.0.6723", "Android", "14", DeviceType.Mobile, "Samsung", "SM-S921B"),
        new("Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.107 Mobile Safari/537.36",
            "Chrome Mobile", "130.0.6723", "Android", "15", DeviceType.Mobile, "Google", "Pixel 8"),
        new("Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
            "Mobile Safari", "17.6", "iOS", "17.6", DeviceType.Tablet, "Apple", "iPad"),
        new("Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.100 Safari/537.36",
            "Chrome", "129.0.6668", "Android", "13", DeviceType.Tablet, "Samsung", "SM-X710"),
    ];

    public static readonly IReadOnlyList<DemoUserAgent> AttackerAgents =
    [
        new("python-requests/2.32.3", "Python Requests", "2.32", "Other", null, DeviceType.Bot, null, null, IsBot: true),
        new("curl/8.5.0", "curl", "8.5.0", "Other", null, DeviceType.Bot, null, null, IsBot: true),
        new("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/128.0.0.0 Safari/537.36",
            "HeadlessChrome", "128.0.0", "Linux", null, DeviceType.Bot, null, null, IsBot: true),
        new("Go-http-client/1.1", "Go-http-client", "1.1", "Other", null, DeviceType.Other, null, null),
        new("Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
            "IE", "11.0", "Windows", "7", DeviceType.Desktop, null, null),
    ];
}
