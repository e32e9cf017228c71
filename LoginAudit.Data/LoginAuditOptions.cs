using System.Net;
using LoginAudit.Data.Alerts;
using LoginAudit.Data.Detection;
using LoginAudit.Data.KeyRing;
using LoginAudit.Data.Networks;
using LoginAudit.Data.Sqlite;
using LoginAudit.Data.Throttling;

namespace LoginAudit.Data;

/// <summary>The <c>LoginAudit</c> configuration section (see README, "Configuration").</summary>
public sealed class LoginAuditOptions
{
    public const string SectionName = "LoginAudit";

    public AdminAccountOptions Admin { get; set; } = new();

    /// <summary>Proxies (addresses or CIDR networks) whose <c>X-Forwarded-For</c> is believed. Empty: none.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    public LockoutSettings Lockout { get; set; } = new();

    public SessionSettings Sessions { get; set; } = new();

    public DetectionSettings Detection { get; set; } = new();

    public ThrottlingSettings Throttling { get; set; } = new();

    /// <summary>Network zones that refuse sign-ins by country or autonomous system (README, "Network zones"). Empty: none.</summary>
    public List<NetworkZone> Zones { get; set; } = [];

    public AlertSettings Alerts { get; set; } = new();

    public IntegritySettings Integrity { get; set; } = new();

    public RollupSettings Rollups { get; set; } = new();

    public RetentionSettings Retention { get; set; } = new();

    public LiveSettings Live { get; set; } = new();

    public DatabaseSettings Database { get; set; } = new();

    /// <summary>Bound here for the README's one list of settings; applied by <c>AddLoginAuditKeyRing</c>.</summary>
    public KeyRingSettings KeyRing { get; set; } = new();

    /// <summary>
    /// Whether an account must confirm its e-mail before it may sign in. Off by default because this
    /// deployment sends no mail (see README); attempts refused by it are audited as <c>NotAllowed</c>.
    /// </summary>
    public bool RequireConfirmedAccount { get; set; }
}

public sealed class AdminAccountOptions
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}

public sealed class LockoutSettings
{
    /// <summary>Failed attempts before the account is locked; NIST SP 800-63B allows at most 100.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class SessionSettings
{
    /// <summary>How long a sign-in cookie lives; sliding expiration renews it while it is used.</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often a cookie's security stamp is checked against the database (a revoked session ends within this).</summary>
    public TimeSpan SecurityStampValidationInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the server looks for sessions whose cookie expired without a sign-out.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often an open interactive page (a Blazor circuit) checks that its session still holds. A session ended on
    /// purpose is also told to its circuits at once, through the live event feed; this catches the rest.
    /// </summary>
    public TimeSpan CircuitRevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class IntegritySettings
{
    /// <summary>How often new <c>login_logs</c> rows are sealed into the hash chain: the longest a row stays unsealed.</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class RollupSettings
{
    /// <summary>
    /// How often new <c>login_logs</c> rows are counted into the dashboards' hourly roll-ups (README, "The <c>login_logs</c>
    /// table"). Two seconds: at the highest write rate measured here (about 6,000 rows/s) the rows written meanwhile stay well
    /// under the 20,000 above the mark that the dashboards still read from the rows before they count the whole range instead.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class DatabaseSettings
{
    /// <summary>Five years: each month ahead is an empty table that every query's planning looks at.</summary>
    public const int MaximumPartitionMonthsAhead = 60;

    /// <summary>Which database <c>ConnectionStrings:LoginAudit</c> points at (README, "Databases").</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite only. <c>Normal</c> (default): commits survive a killed process; <c>Full</c>: they survive a power loss too, at an
    /// fsync per commit (README, "Durability").
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>
    /// PostgreSQL only. How many months after the current one already have a <c>login_logs</c> partition (README,
    /// "Partitions"); made at start and checked daily.
    /// </summary>
    public int PartitionMonthsAhead { get; set; } = 3;
}

public sealed class LiveSettings
{
    /// <summary>How often an instance reads the rows other instances wrote to the shared SQLite file, for its open pages.</summary>
    public TimeSpan OtherInstancesInterval { get; set; } = TimeSpan.FromSeconds(1);
}

public sealed class RetentionSettings
{
    /// <summary>A hundred years: dashboards bucket their ranges, which reach back at most this far, by day.</summary>
    public const int MaximumDays = 36_500;

    /// <summary>How many days of <c>login_logs</c> (and ended <c>login_sessions</c>) are kept; older rows are purged daily.</summary>
    public int Days { get; set; } = 365;
}

internal static class LoginAuditOptionsValidation
{
    public static IEnumerable<string> Validate(LoginAuditOptions options)
    {
        foreach (var proxy in options.TrustedProxies)
        {
            if (!TrustedProxyParser.TryParse(proxy, out _))
            {
                yield return $"LoginAudit:TrustedProxies contains '{proxy}', which is neither an IP address nor a CIDR network such as 10.0.0.0/8.";
            }
        }

        if (options.Lockout.MaxFailedAttempts is < 1 or > 100)
        {
            yield return "LoginAudit:Lockout:MaxFailedAttempts must be between 1 and 100 (NIST SP 800-63B allows at most 100 consecutive failures).";
        }

        if (options.Lockout.Duration <= TimeSpan.Zero)
        {
            yield return "LoginAudit:Lockout:Duration must be positive, for example 00:05:00.";
        }

        if (options.Sessions.CookieLifetime <= TimeSpan.Zero)
        {
            yield return "LoginAudit:Sessions:CookieLifetime must be positive, for example 14.00:00:00.";
        }

        if (options.Sessions.SecurityStampValidationInterval < TimeSpan.Zero)
        {
            yield return "LoginAudit:Sessions:SecurityStampValidationInterval must not be negative.";
        }

        if (options.Sessions.CircuitRevalidationInterval < TimeSpan.FromSeconds(1) || options.Sessions.CircuitRevalidationInterval > TimeSpan.FromHours(1))
        {
            yield return $"LoginAudit:Sessions:CircuitRevalidationInterval must be between 00:00:01 and 01:00:00 (it was {options.Sessions.CircuitRevalidationInterval}), for example 00:01:00.";
        }

        if (options.Sessions.ExpirySweepInterval < TimeSpan.FromSeconds(1))
        {
            yield return "LoginAudit:Sessions:ExpirySweepInterval must be at least one second.";
        }

        if (options.Integrity.SealInterval < TimeSpan.FromMilliseconds(100) || options.Integrity.SealInterval > TimeSpan.FromHours(1))
        {
            yield return "LoginAudit:Integrity:SealInterval must be between 00:00:00.1 and 01:00:00, for example 00:00:02.";
        }

        if (options.Rollups.Interval < TimeSpan.FromMilliseconds(100) || options.Rollups.Interval > TimeSpan.FromHours(1))
        {
            yield return $"LoginAudit:Rollups:Interval must be between 00:00:00.1 and 01:00:00 (it was {options.Rollups.Interval}), for example 00:00:02.";
        }

        if (options.Live.OtherInstancesInterval < TimeSpan.FromMilliseconds(100) || options.Live.OtherInstancesInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"LoginAudit:Live:OtherInstancesInterval must be between 00:00:00.1 and 00:01:00 (it was {options.Live.OtherInstancesInterval}), for example 00:00:01.";
        }

        if (options.Database.PartitionMonthsAhead is < 1 or > DatabaseSettings.MaximumPartitionMonthsAhead)
        {
            yield return $"LoginAudit:Database:PartitionMonthsAhead must be between 1 and {DatabaseSettings.MaximumPartitionMonthsAhead} (it was {options.Database.PartitionMonthsAhead}): it is how many months after the current one already have a login_logs partition on PostgreSQL, for example 3.";
        }

        if (options.Retention.Days is < 1 or > RetentionSettings.MaximumDays)
        {
            yield return $"LoginAudit:Retention:Days must be between 1 and {RetentionSettings.MaximumDays} (it was {options.Retention.Days}): it is how many days of sign-in history are kept, for example 365.";
        }

        if (string.IsNullOrWhiteSpace(options.Admin.Email) != string.IsNullOrWhiteSpace(options.Admin.Password))
        {
            yield return "LoginAudit:Admin needs both Email and Password, or neither.";
        }

        foreach (var failure in options.Detection.Validate().Concat(options.Throttling.Validate(options.Lockout.Duration)).Concat(options.Alerts.Validate())
            .Concat(NetworkZones.Validate(options.Zones)))
        {
            yield return failure;
        }
    }
}

/// <summary>Reads one <c>TrustedProxies</c> entry: a single address or a CIDR network.</summary>
public static class TrustedProxyParser
{
    public static bool TryParse(string? value, out System.Net.IPNetwork network)
    {
        network = default;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains('/'))
        {
            return System.Net.IPNetwork.TryParse(text, out network);
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        network = new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8);
        return true;
    }
}
