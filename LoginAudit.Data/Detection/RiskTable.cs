namespace LoginAudit.Data.Detection;

/// <summary>How risky an attempt is. Stored as text in <c>login_logs.risk_level</c>; <c>None</c> for rows without a signal.</summary>
public enum RiskLevel
{
    None,
    Low,
    Medium,
    High,
}

/// <summary>
/// The documented table from signals to a risk level (README, "Risk levels"): each signal has a level, the attempt
/// takes the highest, and two or more signals of at least <see cref="RiskLevel.Medium"/> raise it one step.
/// </summary>
public static class RiskTable
{
    /// <summary>Every signal's own level; a signal added to <see cref="SuspicionReasons"/> without one does not build.</summary>
#pragma warning disable CS8524 // Values outside the enum (a cast integer) never reach this; see Words in the web app.
    public static RiskLevel LevelOf(SuspicionReasons signal) => signal switch
    {
        SuspicionReasons.None => RiskLevel.None,
        SuspicionReasons.NewDevice => RiskLevel.Low,
        SuspicionReasons.NewCity => RiskLevel.Low,
        SuspicionReasons.NewCountry => RiskLevel.Medium,
        SuspicionReasons.HostingNetwork => RiskLevel.Medium,
        SuspicionReasons.BotUserAgent => RiskLevel.Medium,
        SuspicionReasons.BruteForce => RiskLevel.High,
        SuspicionReasons.PasswordSpraying => RiskLevel.High,
        SuspicionReasons.ImpossibleTravel => RiskLevel.High,
    };
#pragma warning restore CS8524

    public static RiskLevel Of(SuspicionReasons reasons)
    {
        var levels = Enum.GetValues<SuspicionReasons>()
            .Where(signal => signal != SuspicionReasons.None && reasons.HasFlag(signal))
            .Select(LevelOf)
            .ToList();
        if (levels.Count == 0)
        {
            return RiskLevel.None;
        }

        var highest = levels.Max();
        return levels.Count(level => level >= RiskLevel.Medium) >= 2 && highest < RiskLevel.High ? highest + 1 : highest;
    }
}
