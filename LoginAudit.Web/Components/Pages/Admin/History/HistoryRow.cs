using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Web.Components.Pages.Admin.History;

/// <summary>
/// One row of the history grid and its details panel: what the page shows of a stored event, copied out of the
/// entity so the grid never holds (or could change) a tracked <see cref="LoginLog"/>.
/// </summary>
public sealed record HistoryRow
{
    public required long Id { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required LoginEventType EventType { get; init; }
    public required bool Succeeded { get; init; }
    public LoginFailureReason? FailureReason { get; init; }
    public string? ErrorCode { get; init; }
    public SignInMethod? SignInMethod { get; init; }
    public string? UserId { get; init; }
    public string? UserName { get; init; }
    public string? IpAddress { get; init; }
    public string? UserAgent { get; init; }
    public string? Browser { get; init; }
    public string? BrowserVersion { get; init; }
    public string? Os { get; init; }
    public string? OsVersion { get; init; }
    public required DeviceType DeviceType { get; init; }
    public string? DeviceBrand { get; init; }
    public string? DeviceModel { get; init; }
    public bool IsBot { get; init; }
    public string? Location { get; init; }
    public string? CountryCode { get; init; }
    public string? City { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public int? Asn { get; init; }
    public string? AsOrg { get; init; }
    public RiskLevel RiskLevel { get; init; }
    public string? TraceId { get; init; }
    public bool Suspicious { get; init; }
    public string? SuspiciousReasons { get; init; }
    public string? SessionId { get; init; }

    /// <summary>"Chrome 124.0.0": family and version, as the grid's column shows them.</summary>
    public string BrowserText => Join(Browser, BrowserVersion);

    public string OsText => Join(Os, OsVersion);

    /// <summary>"AS16509 Amazon.com, Inc.", or empty when the address is in no announced network.</summary>
    public string NetworkText => Asn is { } asn ? Join($"AS{asn}", AsOrg) : "";

    public static HistoryRow From(LoginLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return new HistoryRow
        {
            Id = log.Id,
            CreatedAt = DateTime.SpecifyKind(log.CreatedAt, DateTimeKind.Utc),
            EventType = log.EventType,
            Succeeded = log.Succeeded,
            FailureReason = log.FailureReason,
            ErrorCode = log.ErrorCode,
            SignInMethod = log.SignInMethod,
            UserId = log.UserId,
            UserName = log.UserName,
            IpAddress = log.IpAddress,
            UserAgent = log.UserAgent,
            Browser = log.Browser,
            BrowserVersion = log.BrowserVersion,
            Os = log.Os,
            OsVersion = log.OsVersion,
            DeviceType = log.DeviceType,
            DeviceBrand = log.DeviceBrand,
            DeviceModel = log.DeviceModel,
            IsBot = log.IsBot,
            Location = log.Location,
            CountryCode = log.CountryCode,
            City = log.City,
            Latitude = log.Latitude,
            Longitude = log.Longitude,
            Asn = log.Asn,
            AsOrg = log.AsOrg,
            RiskLevel = log.RiskLevel,
            TraceId = log.TraceId,
            Suspicious = log.Suspicious,
            SuspiciousReasons = log.SuspiciousReasons,
            SessionId = log.SessionId,
        };
    }

    private static string Join(string? first, string? second) =>
        string.Join(' ', new[] { first, second }.Where(part => !string.IsNullOrEmpty(part)));
}
