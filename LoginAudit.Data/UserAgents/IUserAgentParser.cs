namespace LoginAudit.Data.UserAgents;

/// <summary>Parses user-agent strings with uap-core's regexes. One shared, thread-safe, caching instance.</summary>
public interface IUserAgentParser
{
    /// <summary>Never throws: a null, empty, hostile or huge string yields <see cref="UserAgentInfo.Unknown"/> parts.</summary>
    UserAgentInfo Parse(string? userAgent);
}
