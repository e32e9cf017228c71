namespace LoginAudit.Data.Detection;

/// <summary>
/// <c>LoginAudit:Detection</c>: thresholds of the suspicious sign-in signals (README, "Suspicious sign-ins").
/// The defaults follow published practice; each says where it comes from.
/// </summary>
public sealed class DetectionSettings
{
    /// <summary>A device (browser family + OS family + device type) is new when absent from this many last successful sign-ins.</summary>
    public int NewDeviceHistory { get; set; } = 10;

    /// <summary>A country is new when absent from this many last successful sign-ins (Okta: 10).</summary>
    public int NewCountryHistory { get; set; } = 10;

    /// <summary>A city is new when absent from this many last successful sign-ins (Okta: 20).</summary>
    public int NewCityHistory { get; set; } = 20;

    /// <summary>Faster than this between two located sign-ins is impossible travel (an airliner does about 900 km/h).</summary>
    public double ImpossibleTravelSpeedKmh { get; set; } = 1000;

    /// <summary>
    /// Shorter jumps are never impossible travel: IP locations are often a few hundred kilometres off
    /// (mobile carriers, a country's centre for addresses without a city), which would make neighbouring
    /// cities minutes apart look supersonic.
    /// </summary>
    public double ImpossibleTravelMinimumDistanceKm { get; set; } = 500;

    /// <summary>A success after at least this many failures on the account within <see cref="BruteForceWindow"/>.</summary>
    public int BruteForceFailures { get; set; } = 5;

    public TimeSpan BruteForceWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>One address failing against at least this many distinct user names within <see cref="SprayingWindow"/>.</summary>
    public int SprayingUserNames { get; set; } = 10;

    public TimeSpan SprayingWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// No row is purged before it is a day old (<c>LoginAudit:Retention:Days</c> is at least 1), so every failure in a window of at
    /// most a day is still a row: the audit writer counts on that when it answers a spraying count from the failures it wrote.
    /// </summary>
    public static readonly TimeSpan MaximumSprayingWindow = TimeSpan.FromDays(1);

    /// <summary>
    /// The autonomous systems of cloud and hosting providers: a sign-in attempt from one is <c>HostingNetwork</c>
    /// (people sign in from home and office lines; scripts run in data centres). Setting the key replaces the whole
    /// list; null keeps <see cref="DefaultHostingAsns"/>. <see cref="HostingAsnSet"/> is the list in effect.
    /// </summary>
    public int[]? HostingAsns { get; set; }

    /// <summary>
    /// The large public clouds and hosting providers (README, "Networks"): AWS, Google Cloud, Microsoft Azure, Oracle,
    /// IBM, Alibaba, Tencent, DigitalOcean, Linode/Akamai, Vultr, OVHcloud, Hetzner, Scaleway, Contabo, Leaseweb, M247.
    /// </summary>
    public static IReadOnlyList<int> DefaultHostingAsns { get; } =
    [
        16509, 14618, // Amazon Web Services
        396982, 19527, // Google Cloud (not 15169: Google's own offices and services)
        8075, // Microsoft Azure
        31898, // Oracle Cloud
        36351, // IBM Cloud (SoftLayer)
        45102, 37963, // Alibaba Cloud
        132203, 45090, // Tencent Cloud
        14061, // DigitalOcean
        63949, // Linode (Akamai)
        20473, // Vultr (Choopa)
        16276, // OVHcloud
        24940, // Hetzner
        12876, // Scaleway
        51167, // Contabo
        60781, 28753, // Leaseweb
        9009, // M247
    ];

    public IReadOnlySet<int> HostingAsnSet => hostingAsnSet ??= new HashSet<int>(HostingAsns ?? DefaultHostingAsns);

    private HashSet<int>? hostingAsnSet;

    internal IEnumerable<string> Validate()
    {
        const string Key = "LoginAudit:Detection";
        if (NewDeviceHistory is < 1 or > 1000)
        {
            yield return $"{Key}:NewDeviceHistory must be between 1 and 1000 sign-ins.";
        }

        if (NewCountryHistory is < 1 or > 1000)
        {
            yield return $"{Key}:NewCountryHistory must be between 1 and 1000 sign-ins.";
        }

        if (NewCityHistory is < 1 or > 1000)
        {
            yield return $"{Key}:NewCityHistory must be between 1 and 1000 sign-ins.";
        }

        if (!(ImpossibleTravelSpeedKmh > 0))
        {
            yield return $"{Key}:ImpossibleTravelSpeedKmh must be positive, for example 1000.";
        }

        if (!(ImpossibleTravelMinimumDistanceKm >= 0))
        {
            yield return $"{Key}:ImpossibleTravelMinimumDistanceKm must not be negative.";
        }

        if (BruteForceFailures < 1)
        {
            yield return $"{Key}:BruteForceFailures must be at least 1.";
        }

        if (BruteForceWindow <= TimeSpan.Zero)
        {
            yield return $"{Key}:BruteForceWindow must be positive, for example 00:15:00.";
        }

        if (SprayingUserNames < 2)
        {
            yield return $"{Key}:SprayingUserNames must be at least 2 (one name is brute force, not spraying).";
        }

        if (SprayingWindow <= TimeSpan.Zero || SprayingWindow > MaximumSprayingWindow)
        {
            yield return $"{Key}:SprayingWindow must be positive and at most a day ({MaximumSprayingWindow:c}), for example 00:15:00.";
        }

        if (HostingAsns is not null && HostingAsns.Any(asn => asn <= 0))
        {
            yield return $"{Key}:HostingAsns must hold autonomous system numbers (positive integers such as 16509).";
        }
    }
}
