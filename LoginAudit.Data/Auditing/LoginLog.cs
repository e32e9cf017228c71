using LoginAudit.Data.Detection;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// One authentication event: a row of <c>login_logs</c>, the product's contract (see README, "The login_logs table").
/// </summary>
public sealed class LoginLog
{
    public long Id { get; set; }

    /// <summary>The Identity user, or null when the attempted name matches no account.</summary>
    public string? UserId { get; set; }

    /// <summary>The user name as attempted (sanitised), kept even when no account matches.</summary>
    public string? UserName { get; set; }

    public LoginEventType EventType { get; set; }

    public bool Succeeded { get; set; }

    public LoginFailureReason? FailureReason { get; set; }

    /// <summary>A finer, stable code under the reason, for example <c>EmailNotConfirmed</c> under <see cref="LoginFailureReason.NotAllowed"/>.</summary>
    public string? ErrorCode { get; set; }

    public SignInMethod? SignInMethod { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    public string? Browser { get; set; }

    public string? BrowserVersion { get; set; }

    public string? Os { get; set; }

    public string? OsVersion { get; set; }

    public DeviceType DeviceType { get; set; } = DeviceType.Other;

    public string? DeviceBrand { get; set; }

    public string? DeviceModel { get; set; }

    public bool IsBot { get; set; }

    /// <summary>"Berlin, Germany", "Germany", or a network kind such as "Private network" (see Geo/IpGeolocator).</summary>
    public string? Location { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code of the client address's country; null when unknown or not public.</summary>
    public string? CountryCode { get; set; }

    public string? City { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>The autonomous system (network) announcing the address, from the offline ASN data (see Networks/AsnDatabase).</summary>
    public int? Asn { get; set; }

    /// <summary>The organisation of <see cref="Asn"/>, for example "Amazon.com, Inc.".</summary>
    public string? AsOrg { get; set; }

    /// <summary>How risky the attempt is, from its signals by the documented table (<see cref="Detection.RiskTable"/>).</summary>
    public RiskLevel RiskLevel { get; set; }

    /// <summary>The request's W3C trace id (32 hex digits): joins the row with the app's own logs and traces.</summary>
    public string? TraceId { get; set; }

    public bool Suspicious { get; set; }

    /// <summary>Why the row is suspicious: comma-separated <see cref="Detection.SuspicionReasons"/> names, null when it is not.</summary>
    public string? SuspiciousReasons { get; set; }

    /// <summary>Our own opaque session id: shared by a sign-in and the event that ends its session.</summary>
    public string? SessionId { get; set; }

    /// <summary>When the event was recorded, in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The row's seal, when a reader asked for it (<see cref="Integrity.LoginLogSeals.WithSeals"/>): not a column, the
    /// seal is a row of <c>login_log_seals</c>; null when the row is not sealed yet or the reader did not ask.
    /// </summary>
    public Integrity.LoginLogSeal? Seal { get; set; }
}
