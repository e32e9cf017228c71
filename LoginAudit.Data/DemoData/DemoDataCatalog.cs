using LoginAudit.Data.UserAgents;

namespace LoginAudit.Data.DemoData;

/// <summary>A user agent string with the fields the audit writer would have parsed from it.</summary>
internal sealed record DemoUserAgent(
    string UserAgent, string Browser, string BrowserVersion, string Os, string? OsVersion,
    DeviceType DeviceType, string? DeviceBrand, string? DeviceModel, bool IsBot = false);

/// <summary>
/// Where a demo address is, and whose network it is in. Demo addresses are documentation addresses, which the
/// geolocation and ASN data know nothing about, so each is given a real place and network here; the detector then
/// assesses the rows as it would rows from there (<see cref="DemoHistoryGenerator.AssessAsync"/>).
/// </summary>
internal sealed record DemoPlace(string Location, string CountryCode, string? City, double Latitude, double Longitude, int Asn, string AsOrg);

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

    /// <summary>Home and office lines: the countries' incumbent carriers, none of them a hosting network.</summary>
    public static readonly IReadOnlyList<DemoPlace> HomeLocations =
    [
        new("Berlin, Germany", "DE", "Berlin", 52.52, 13.405, 3320, "Deutsche Telekom AG"),
        new("Munich, Germany", "DE", "Munich", 48.1374, 11.5755, 3320, "Deutsche Telekom AG"),
        new("Hamburg, Germany", "DE", "Hamburg", 53.5511, 9.9937, 3209, "Vodafone GmbH"),
        new("Vienna, Austria", "AT", "Vienna", 48.2082, 16.3738, 8447, "A1 Telekom Austria AG"),
        new("Zurich, Switzerland", "CH", "Zurich", 47.3769, 8.5417, 3303, "Swisscom (Schweiz) AG"),
        new("Paris, France", "FR", "Paris", 48.8566, 2.3522, 3215, "Orange S.A."),
        new("Amsterdam, Netherlands", "NL", "Amsterdam", 52.3676, 4.9041, 1136, "KPN B.V."),
        new("London, United Kingdom", "GB", "London", 51.5072, -0.1276, 2856, "British Telecommunications PLC"),
        new("Madrid, Spain", "ES", "Madrid", 40.4168, -3.7038, 3352, "Telefonica de Espana S.A.U."),
        new("Milan, Italy", "IT", "Milan", 45.4642, 9.19, 3269, "Telecom Italia S.p.A."),
        new("Warsaw, Poland", "PL", "Warsaw", 52.2297, 21.0122, 5617, "Orange Polska Spolka Akcyjna"),
        new("Copenhagen, Denmark", "DK", "Copenhagen", 55.6761, 12.5683, 3292, "TDC Holding A/S"),
    ];

    /// <summary>Where attacks come from: mostly rented servers in data centres (hosting networks), some residential.</summary>
    public static readonly IReadOnlyList<DemoPlace> AttackerLocations =
    [
        new("Singapore, Singapore", "SG", "Singapore", 1.3521, 103.8198, 14061, "DigitalOcean, LLC"),
        new("Sao Paulo, Brazil", "BR", "Sao Paulo", -23.5558, -46.6396, 16509, "Amazon.com, Inc."),
        new("Lagos, Nigeria", "NG", "Lagos", 6.5244, 3.3792, 37148, "Globacom Limited"),
        new("Hanoi, Vietnam", "VN", "Hanoi", 21.0278, 105.8342, 45899, "VNPT Corp"),
        new("Frankfurt am Main, Germany", "DE", "Frankfurt am Main", 50.1109, 8.6821, 24940, "Hetzner Online GmbH"),
        new("Ashburn, United States", "US", "Ashburn", 39.0438, -77.4874, 16509, "Amazon.com, Inc."),
        new("Amsterdam, Netherlands", "NL", "Amsterdam", 52.3676, 4.9041, 9009, "M247 Europe SRL"),
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
        new("Go-http-client/1.1", "Go-http-client", "1.1", "Other", null, DeviceType.Bot, null, null, IsBot: true),
        new("Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
            "IE", "11.0", "Windows", "7", DeviceType.Desktop, null, null),
    ];
}
