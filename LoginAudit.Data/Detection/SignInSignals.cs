using LoginAudit.Data.Auditing;

namespace LoginAudit.Data.Detection;

/// <summary>
/// The signals of a located row (README, "Signals"): decides, before the row is written, whether it is suspicious,
/// why, and its risk level. <see cref="SuspiciousSignInDetector"/> runs it on every row the recorder writes (history
/// from the audit writer's transaction); the demo seeder runs the same code on its generated rows (history in memory).
/// </summary>
public static class SignInSignals
{

    public static async Task AssessAsync(ISignInHistory history, LoginLog row, DetectionSettings settings)
    {
        if (!IsSignInAttempt(row.EventType))
        {
            return;
        }

        var reasons = row.IsBot ? SuspicionReasons.BotUserAgent : SuspicionReasons.None;
        if (row.Asn is { } asn && settings.HostingAsnSet.Contains(asn))
        {
            reasons |= SuspicionReasons.HostingNetwork;
        }

        if (row.EventType == LoginEventType.SignInSucceeded && row.UserId is not null)
        {
            reasons |= await AssessSuccessAsync(history, row, settings);
        }

        if (LoginEventTypes.Failures.Contains(row.EventType) && row.IpAddress is not null && await IsSprayingAsync(history, row, settings))
        {
            reasons |= SuspicionReasons.PasswordSpraying;
        }

        row.Suspicious = reasons != SuspicionReasons.None;
        row.SuspiciousReasons = SuspicionReasonList.Format(reasons);
        row.RiskLevel = RiskTable.Of(reasons);
    }

    /// <summary>Great-circle distance in kilometres (haversine, mean Earth radius).</summary>
    public static double DistanceKm(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        const double EarthRadiusKm = 6371.0088;
        var dLatitude = DegreesToRadians(latitude2 - latitude1);
        var dLongitude = DegreesToRadians(longitude2 - longitude1);
        var a = (Math.Sin(dLatitude / 2) * Math.Sin(dLatitude / 2))
            + (Math.Cos(DegreesToRadians(latitude1)) * Math.Cos(DegreesToRadians(latitude2)) * Math.Sin(dLongitude / 2) * Math.Sin(dLongitude / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static bool IsSignInAttempt(LoginEventType type) =>
        type is LoginEventType.SignInSucceeded or LoginEventType.SignInFailed or LoginEventType.LockedOut or LoginEventType.TwoFactorRequired;

    private static async Task<SuspicionReasons> AssessSuccessAsync(ISignInHistory history, LoginLog row, DetectionSettings settings)
    {
        var reasons = SuspicionReasons.None;

        // Counting stops at the threshold: an account under a long attack has thousands of failures in the window.
        if (await history.CountFailuresAsync(row.UserId!, row.CreatedAt - settings.BruteForceWindow, settings.BruteForceFailures) >= settings.BruteForceFailures)
        {
            reasons |= SuspicionReasons.BruteForce;
        }

        var previous = await history.RecentSignInsAsync(
            row.UserId!, Math.Max(settings.NewDeviceHistory, Math.Max(settings.NewCountryHistory, settings.NewCityHistory)));

        // A user's first sign-in has nothing to differ from.
        if (previous.Count == 0)
        {
            return reasons;
        }

        // Families only: a browser or OS update changes the version, not the device.
        if (!previous.Take(settings.NewDeviceHistory).Any(sign => sign.Browser == row.Browser && sign.Os == row.Os && sign.DeviceType == row.DeviceType))
        {
            reasons |= SuspicionReasons.NewDevice;
        }

        return reasons | NewLocation(previous, row, settings) | ImpossibleTravel(previous, row, settings);
    }

    /// <summary>Unknown and private locations say nothing, in the new row or in the history.</summary>
    private static SuspicionReasons NewLocation(IReadOnlyList<PreviousSignIn> previous, LoginLog row, DetectionSettings settings)
    {
        if (row.CountryCode is null)
        {
            return SuspicionReasons.None;
        }

        var countries = previous.Take(settings.NewCountryHistory).Where(sign => sign.CountryCode is not null).ToList();
        if (countries.Count == 0)
        {
            return SuspicionReasons.None;
        }

        if (!countries.Any(sign => sign.CountryCode == row.CountryCode))
        {
            return SuspicionReasons.NewCountry;
        }

        if (row.City is null)
        {
            return SuspicionReasons.None;
        }

        var cities = previous.Take(settings.NewCityHistory).Where(sign => sign.City is not null).ToList();
        return cities.Count > 0 && !cities.Any(sign => sign.CountryCode == row.CountryCode && sign.City == row.City)
            ? SuspicionReasons.NewCity
            : SuspicionReasons.None;
    }

    /// <summary>Against the latest earlier sign-in with coordinates (consecutive, skipping unknown locations).</summary>
    private static SuspicionReasons ImpossibleTravel(IReadOnlyList<PreviousSignIn> previous, LoginLog row, DetectionSettings settings)
    {
        if (row.Latitude is not { } latitude || row.Longitude is not { } longitude
            || previous.FirstOrDefault(sign => sign.Latitude is not null && sign.Longitude is not null) is not { } last)
        {
            return SuspicionReasons.None;
        }

        var distance = DistanceKm(last.Latitude!.Value, last.Longitude!.Value, latitude, longitude);
        if (distance < settings.ImpossibleTravelMinimumDistanceKm)
        {
            return SuspicionReasons.None;
        }

        var hours = (row.CreatedAt - last.CreatedAt).TotalHours;
        return hours <= 0 || distance / hours > settings.ImpossibleTravelSpeedKmh
            ? SuspicionReasons.ImpossibleTravel
            : SuspicionReasons.None;
    }

    /// <summary>
    /// The address failed against at least the threshold of distinct user names, this attempt included. Many
    /// people behind one office address mistyping their own password stay far below it. Counting stops at the
    /// threshold, so a spraying address's thousands of failures cost no more than ten.
    /// </summary>
    private static async Task<bool> IsSprayingAsync(ISignInHistory history, LoginLog row, DetectionSettings settings)
    {
        var otherNames = await history.CountOtherNamesFailedAsync(
            row.IpAddress!, (row.UserName ?? "").ToLowerInvariant(), row.CreatedAt - settings.SprayingWindow, settings.SprayingUserNames - 1);
        return otherNames + 1 >= settings.SprayingUserNames;
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;
}
