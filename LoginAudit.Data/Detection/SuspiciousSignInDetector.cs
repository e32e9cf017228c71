using LoginAudit.Data.Auditing;
using LoginAudit.Data.Geo;
using LoginAudit.Data.Networks;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Detection;

/// <summary>
/// Fills a row's location and network, and decides, before it is written, whether it is suspicious and why
/// (README, "Suspicious sign-ins"). Called by <see cref="LoginAuditRecorder"/> for every row.
/// </summary>
/// <remarks>
/// The signals themselves are <see cref="SignInSignals"/>. Each signal is computed once, at write time, from the rows already written: a few indexed reads of
/// the user's recent sign-ins or the address's recent failures. Rows are never flagged afterwards, so a
/// stored row never changes.
/// </remarks>
public sealed class SuspiciousSignInDetector(IpGeolocator geolocator, AsnDatabase networks, IOptions<LoginAuditOptions> options)
{
    public async Task AssessAsync(ISignInHistory history, LoginLog row)
    {
        Locate(row);
        await SignInSignals.AssessAsync(history, row, options.Value.Detection);
    }

    private void Locate(LoginLog row)
    {
        if (networks.Find(row.IpAddress) is { } owner)
        {
            row.Asn = owner.Asn;
            row.AsOrg = AuditText.Clean(owner.Organization, LoginLogLimits.AsOrg);
        }

        if (geolocator.Locate(row.IpAddress) is not { } location)
        {
            return;
        }

        row.Location = AuditText.Clean(location.Label, LoginLogLimits.Location);
        row.CountryCode = location.CountryCode;
        row.City = AuditText.Clean(location.City, LoginLogLimits.Location);
        row.Latitude = location.Latitude;
        row.Longitude = location.Longitude;
    }
}
