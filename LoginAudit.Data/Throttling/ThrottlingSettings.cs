namespace LoginAudit.Data.Throttling;

/// <summary>
/// <c>LoginAudit:Throttling</c>: limits on the sign-in form's POST (README, "Throttling"). Every limit counts
/// failures only, so that successes (an office of many people behind one address) never use it up.
/// </summary>
public sealed class ThrottlingSettings
{
    /// <summary>Failures of one user name from one address before that pair is refused (Auth0's brute-force protection: 10).</summary>
    public int UserNameFailuresPerAddress { get; set; } = 10;

    /// <summary>Failures from one address, whatever the names, before the address is refused (Auth0's suspicious-IP throttling: 100).</summary>
    public int FailuresPerAddress { get; set; } = 100;

    /// <summary>Distinct user names failing from one address before the address is refused: spraying at twice the detection threshold.</summary>
    public int UserNamesPerAddress { get; set; } = 20;

    /// <summary>Failures of one browser with a device cookie for the account before that device alone is refused (README, "Device cookies").</summary>
    public int DeviceFailures { get; set; } = 10;

    /// <summary>How far back failures count; a refusal lifts when enough of them are older.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Refused attempts of one address audited as <c>RateLimited</c> rows within the window; further refusals are
    /// answered the same but write nothing, so that a flood cannot fill the table (README, "Throttling").
    /// </summary>
    public int RefusalRowsPerAddress { get; set; } = 10;

    /// <summary>The longest a repeated lockout lasts: each lockout within a day doubles <c>LoginAudit:Lockout:Duration</c> up to this.</summary>
    public TimeSpan MaxLockoutDuration { get; set; } = TimeSpan.FromHours(1);

    internal IEnumerable<string> Validate(TimeSpan lockoutDuration)
    {
        const string Key = "LoginAudit:Throttling";
        if (UserNameFailuresPerAddress < 1)
        {
            yield return $"{Key}:UserNameFailuresPerAddress must be at least 1.";
        }

        if (FailuresPerAddress < 1)
        {
            yield return $"{Key}:FailuresPerAddress must be at least 1.";
        }

        if (UserNamesPerAddress < 2)
        {
            yield return $"{Key}:UserNamesPerAddress must be at least 2.";
        }

        if (DeviceFailures < 1)
        {
            yield return $"{Key}:DeviceFailures must be at least 1.";
        }

        if (RefusalRowsPerAddress < 1)
        {
            yield return $"{Key}:RefusalRowsPerAddress must be at least 1: the first refusals of an address are always audited.";
        }

        if (Window <= TimeSpan.Zero)
        {
            yield return $"{Key}:Window must be positive, for example 00:15:00.";
        }

        if (MaxLockoutDuration < lockoutDuration)
        {
            yield return $"{Key}:MaxLockoutDuration must be at least LoginAudit:Lockout:Duration ({lockoutDuration}).";
        }
    }
}
