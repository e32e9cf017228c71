namespace LoginAudit.Data.UserAgents;

/// <summary>A browser ("user agent" in uap-core's words) as uap-core names it; <c>Other</c> when nothing matched.</summary>
public sealed record BrowserInfo(string Family, string? Major, string? Minor, string? Patch)
{
    public static readonly BrowserInfo Unknown = new("Other", null, null, null);

    /// <summary>"124.0.1" style, or null when there is no major version.</summary>
    public string? Version => VersionText.Join(Major, Minor, Patch);
}

/// <summary>An operating system as uap-core names it; <c>Other</c> when nothing matched.</summary>
public sealed record OsInfo(string Family, string? Major, string? Minor, string? Patch, string? PatchMinor)
{
    public static readonly OsInfo Unknown = new("Other", null, null, null, null);

    public string? Version => VersionText.Join(Major, Minor, Patch, PatchMinor);
}

/// <summary>A device as uap-core names it; <c>Other</c> when nothing matched.</summary>
public sealed record DeviceInfo(string Family, string? Brand, string? Model)
{
    public static readonly DeviceInfo Unknown = new("Other", null, null);
}

/// <summary>Everything LoginAudit derives from one user-agent string (and, when sent, its client hints).</summary>
public sealed record UserAgentInfo(BrowserInfo Browser, OsInfo Os, DeviceInfo Device, DeviceType DeviceType, bool IsBot)
{
    public static readonly UserAgentInfo Unknown = new(BrowserInfo.Unknown, OsInfo.Unknown, DeviceInfo.Unknown, DeviceType.Other, false);
}

internal static class VersionText
{
    public static string? Join(params string?[] parts)
    {
        var present = parts.TakeWhile(part => !string.IsNullOrEmpty(part)).ToArray();
        return present.Length == 0 ? null : string.Join('.', present);
    }
}
