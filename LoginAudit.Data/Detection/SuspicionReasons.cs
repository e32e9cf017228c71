namespace LoginAudit.Data.Detection;

/// <summary>
/// Why a row is suspicious. Stored in <c>login_logs.suspicious_reasons</c> as comma-separated names
/// (<see cref="SuspicionReasonList"/>); the set is part of the table's contract (README, "Suspicious sign-ins").
/// </summary>
[Flags]
public enum SuspicionReasons
{
    None = 0,

    /// <summary>Browser family, OS family and device type not among the user's recent successful sign-ins.</summary>
    NewDevice = 1 << 0,

    /// <summary>A country not among the user's recent successful sign-ins.</summary>
    NewCountry = 1 << 1,

    /// <summary>A known country, but a city not among the user's recent successful sign-ins.</summary>
    NewCity = 1 << 2,

    /// <summary>Too far from the previous located sign-in for the time between them.</summary>
    ImpossibleTravel = 1 << 3,

    /// <summary>A success after many failures on the same account: guessed or stuffed credentials.</summary>
    BruteForce = 1 << 4,

    /// <summary>A failure from an address that failed against many different user names.</summary>
    PasswordSpraying = 1 << 5,

    /// <summary>The user agent is a crawler or automation tool.</summary>
    BotUserAgent = 1 << 6,

    /// <summary>The address belongs to a cloud or hosting network (<see cref="DetectionSettings.HostingAsns"/>), not a home or office line.</summary>
    HostingNetwork = 1 << 7,
}

/// <summary>The stored form of <see cref="SuspicionReasons"/>: names joined by commas, null for none.</summary>
public static class SuspicionReasonList
{
    public static string? Format(SuspicionReasons reasons) =>
        reasons == SuspicionReasons.None ? null : reasons.ToString().Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Reads a stored list; names this version does not know are skipped, not fatal.</summary>
    public static SuspicionReasons Parse(string? stored)
    {
        var reasons = SuspicionReasons.None;
        foreach (var name in (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<SuspicionReasons>(name, out var reason) && Enum.IsDefined(reason))
            {
                reasons |= reason;
            }
        }

        return reasons;
    }
}
