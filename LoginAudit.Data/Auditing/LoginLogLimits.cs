namespace LoginAudit.Data.Auditing;

/// <summary>The longest value each text column keeps; longer input is cut (see README, "The login_logs table").</summary>
public static class LoginLogLimits
{
    public const int UserName = 256;
    public const int ErrorCode = 64;
    public const int IpAddress = 45;
    public const int UserAgent = 512;
    public const int Name = 64;
    public const int Version = 32;
    public const int Location = 128;
    public const int SessionId = 32;
    public const int SuspiciousReasons = 128;
    public const int AsOrg = 128;
    public const int TraceId = 32;
}
