namespace LoginAudit.Data.UserAgents;

/// <summary>The coarse device class derived from a user agent. Stored as text in <c>login_logs.device_type</c>.</summary>
public enum DeviceType
{
    Desktop,
    Mobile,
    Tablet,
    Bot,
    Other,
}
