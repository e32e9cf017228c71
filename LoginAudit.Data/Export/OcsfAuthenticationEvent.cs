using System.Globalization;
using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;

// Each switch names every value of its enum without a "_ =>" arm: a new event type, reason or method without its OCSF
// mapping is a build error (CS8509). CS8524 is about integers cast to the enum, which no row holds.
#pragma warning disable CS8524

namespace LoginAudit.Data.Export;

/// <summary>
/// A row as an OCSF <see cref="SchemaVersion"/> Authentication event (class_uid 3002, category 3 Identity &amp; Access
/// Management); the mapping table is in README, "OCSF".
/// </summary>
/// <remarks>
/// What OCSF has no attribute for (browser and OS as parsed, device, suspicion signals, method, chain position) goes
/// under <c>unmapped.loginaudit</c>, with the same names as the ECS document's <c>loginaudit.*</c> namespace.
/// </remarks>
public static class OcsfAuthenticationEvent
{
    /// <summary>The released OCSF schema this mapping follows (1.8.0, March 2026; 1.9 was still in development).</summary>
    public const string SchemaVersion = "1.8.0";

    public const int ClassUid = 3002;
    public const int CategoryUid = 3;

    public readonly record struct Enumerated(int Id, string Name);

    /// <summary>OCSF's risk levels: 0 Info for an attempt without a signal, then Low, Medium, High as stored.</summary>
    public static Enumerated Risk(RiskLevel level) => level switch
    {
        RiskLevel.None => new(0, "Info"),
        RiskLevel.Low => new(1, "Low"),
        RiskLevel.Medium => new(2, "Medium"),
        RiskLevel.High => new(3, "High"),
    };

    /// <summary>1 Logon for sign-in attempts, 2 Logoff for ends of sessions, 99 Other for the rest.</summary>
    public static Enumerated Activity(LoginEventType type) => type switch
    {
        LoginEventType.SignInSucceeded => Logon,
        LoginEventType.SignInFailed => Logon,
        LoginEventType.LockedOut => Logon,
        LoginEventType.RateLimited => Logon,
        LoginEventType.ZoneRefused => Logon,

        // The password was right, no session yet: counting it as a logon would count the sign-in twice.
        LoginEventType.TwoFactorRequired => Other,
        LoginEventType.SignedOut => Logoff,
        LoginEventType.SessionExpired => Logoff,
        LoginEventType.SessionRevoked => Logoff,
        LoginEventType.PasskeyAdded => Other,
        LoginEventType.PasskeyRenamed => Other,
        LoginEventType.PasskeyRemoved => Other,
        LoginEventType.AuditLogPurged => Other,

        // Reviews of an earlier sign-in (its id in error_code), not attempts of their own.
        LoginEventType.SignInConfirmedSafe => Other,
        LoginEventType.SignInConfirmedCompromised => Other,
        LoginEventType.SignInConfirmedByUser => Other,
        LoginEventType.SignInDeniedByUser => Other,
        LoginEventType.ReviewRefused => Other,
    };

    /// <summary><c>status_detail</c> of a failure: OCSF's own words where its Authentication class names one.</summary>
    public static string StatusDetail(LoginFailureReason reason) => reason switch
    {
        LoginFailureReason.InvalidPassword => "INVALID_CREDENTIALS",
        LoginFailureReason.UnknownUser => "USER_DOES_NOT_EXIST",
        LoginFailureReason.LockedOut => "ACCOUNT_LOCKED_OUT",
        LoginFailureReason.NotAllowed => "ACCOUNT_NOT_ALLOWED",
        LoginFailureReason.InvalidTwoFactorCode => "INVALID_SECOND_FACTOR",
        LoginFailureReason.InvalidRecoveryCode => "INVALID_RECOVERY_CODE",
        LoginFailureReason.ExternalLoginNotLinked => "EXTERNAL_LOGIN_NOT_LINKED",
        LoginFailureReason.InvalidPasskey => "INVALID_PASSKEY",
        LoginFailureReason.RateLimited => "RATE_LIMITED",
        LoginFailureReason.ZoneRefused => "NETWORK_ZONE_REFUSED",
        LoginFailureReason.NotOwnEvent => "NOT_OWN_EVENT",
    };

    /// <summary>
    /// <c>auth_factors</c> (factor_type_id of OCSF's auth_factor object): a second factor is listed after the password it
    /// completes; a direct sign-in (right after registration) checked no factor.
    /// </summary>
    public static IReadOnlyList<Enumerated> Factors(SignInMethod method) => method switch
    {
        SignInMethod.Password => [Password],
        SignInMethod.Authenticator => [Password, Otp],
        SignInMethod.RecoveryCode => [Password, new(99, "Recovery Code")],
        SignInMethod.TwoFactorToken => [Password, new(99, "Two-Factor Token")],
        SignInMethod.External => [new(99, "External Identity Provider")],
        SignInMethod.Passkey => [new(10, "WebAuthn")],
        SignInMethod.Direct => [],
    };

    /// <summary>
    /// A second factor, or a passkey: a user-verified WebAuthn assertion is possession plus the PIN or biometric that
    /// unlocked it (a multi-factor cryptographic authenticator, NIST SP 800-63B).
    /// </summary>
    public static bool IsMfa(SignInMethod method) => method switch
    {
        SignInMethod.Password => false,
        SignInMethod.Authenticator => true,
        SignInMethod.RecoveryCode => true,
        SignInMethod.TwoFactorToken => true,
        SignInMethod.External => false,
        SignInMethod.Passkey => true,
        SignInMethod.Direct => false,
    };

    private static readonly Enumerated Logon = new(1, "Logon");
    private static readonly Enumerated Logoff = new(2, "Logoff");
    private static readonly Enumerated Other = new(99, "Other");
    private static readonly Enumerated Password = new(11, "Password");
    private static readonly Enumerated Otp = new(7, "OTP");

    public static void Write(Utf8JsonWriter json, LoginLog log)
    {
        var activity = Activity(log.EventType);
        json.WriteStartObject();
        json.WriteNumber("class_uid", ClassUid);
        json.WriteString("class_name", "Authentication");
        json.WriteNumber("category_uid", CategoryUid);
        json.WriteString("category_name", "Identity & Access Management");
        json.WriteNumber("activity_id", activity.Id);
        json.WriteString("activity_name", activity.Name);
        json.WriteNumber("type_uid", (ClassUid * 100) + activity.Id);
        json.WriteString("type_name", $"Authentication: {activity.Name}");
        json.WriteNumber("time", new DateTimeOffset(DateTime.SpecifyKind(log.CreatedAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds());

        // A suspicious row asks for a look (Medium, "action is required"); everything else is a record (Informational).
        json.WriteNumber("severity_id", log.Suspicious ? 3 : 1);
        json.WriteString("severity", log.Suspicious ? "Medium" : "Informational");
        json.WriteNumber("status_id", log.Succeeded ? 1 : 2);
        json.WriteString("status", log.Succeeded ? "Success" : "Failure");
        if (log.FailureReason is { } reason)
        {
            json.WriteString("status_code", reason.ToString());
            json.WriteString("status_detail", StatusDetail(reason));
        }
        else if (activity != Logon)
        {
            json.WriteString("status_detail", log.EventType.ToString());
        }

        json.WriteString("message", log.EventType.ToString());
        WriteMetadata(json, log);
        WriteUser(json, log);
        WriteSourceEndpoint(json, log);
        if (log.UserAgent is not null)
        {
            json.WriteStartObject("http_request");
            json.WriteString("user_agent", log.UserAgent);
            json.WriteEndObject();
        }

        if (log.SessionId is not null)
        {
            json.WriteStartObject("session");
            json.WriteString("uid", log.SessionId);
            json.WriteEndObject();
        }

        if (activity == Logon && log.SignInMethod is { } method)
        {
            json.WriteStartArray("auth_factors");
            foreach (var factor in Factors(method))
            {
                json.WriteStartObject();
                json.WriteNumber("factor_type_id", factor.Id);
                json.WriteString("factor_type", factor.Name);
                if (factor == Otp)
                {
                    json.WriteBoolean("is_totp", true);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("is_mfa", IsMfa(method));
        }

        // The service authenticated to: the class asks for a service or a destination endpoint.
        json.WriteStartObject("service");
        json.WriteString("name", ProductVersion.Name);
        json.WriteString("version", ProductVersion.Version);
        json.WriteEndObject();

        var risk = Risk(log.RiskLevel);
        json.WriteNumber("risk_level_id", risk.Id);
        json.WriteString("risk_level", risk.Name);
        if (log.TraceId is not null)
        {
            json.WriteStartObject("trace");
            json.WriteString("uid", log.TraceId);
            json.WriteEndObject();
        }

        json.WriteStartObject("unmapped");
        json.WritePropertyName("loginaudit");
        LoginAuditFields.Write(json, log);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter json, LoginLog log)
    {
        json.WriteStartObject("metadata");
        json.WriteString("version", SchemaVersion);
        json.WriteString("uid", log.Id.ToString(CultureInfo.InvariantCulture));
        json.WriteString("log_name", "login_logs");
        json.WriteStartObject("product");
        json.WriteString("name", ProductVersion.Name);
        json.WriteString("vendor_name", ProductVersion.Name);
        json.WriteString("version", ProductVersion.Version);
        json.WriteEndObject();
        if (log.Seal is { } seal)
        {
            json.WriteNumber("sequence", seal.ChainSeq);
        }

        json.WriteStartArray("profiles");
        json.WriteStringValue("security_control");
        if (log.TraceId is not null)
        {
            json.WriteStringValue("trace");
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter json, LoginLog log)
    {
        json.WriteStartObject("user");
        if (log.EventType == LoginEventType.AuditLogPurged)
        {
            // The retention purge is LoginAudit itself.
            json.WriteString("name", ProductVersion.Name);
            json.WriteNumber("type_id", 3);
            json.WriteString("type", "System");
        }
        else
        {
            json.WriteString("uid", log.UserId);
            json.WriteString("name", log.UserName ?? log.UserId ?? "unknown");
            json.WriteNumber("type_id", log.UserId is null ? 0 : 1);
            json.WriteString("type", log.UserId is null ? "Unknown" : "User");
        }

        json.WriteEndObject();
    }

    private static void WriteSourceEndpoint(Utf8JsonWriter json, LoginLog log)
    {
        if (log.IpAddress is null)
        {
            return;
        }

        json.WriteStartObject("src_endpoint");
        json.WriteString("ip", log.IpAddress);
        if (log.CountryCode is not null || log.City is not null)
        {
            json.WriteStartObject("location");
            if (log.City is not null)
            {
                json.WriteString("city", log.City);
            }

            if (log.CountryCode is not null)
            {
                json.WriteString("country", log.CountryCode);
            }

            if (log.Latitude is { } latitude && log.Longitude is { } longitude)
            {
                json.WriteNumber("lat", latitude);
                json.WriteNumber("long", longitude);
            }

            json.WriteString("desc", log.Location);
            json.WriteEndObject();
        }

        if (log.Asn is { } asn)
        {
            json.WriteStartObject("autonomous_system");
            json.WriteNumber("number", asn);
            if (log.AsOrg is not null)
            {
                json.WriteString("name", log.AsOrg);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}

/// <summary>
/// What neither OCSF nor ECS has a field for, in both: OCSF <c>unmapped.loginaudit</c>, ECS <c>loginaudit</c> (README,
/// "The loginaudit namespace").
/// </summary>
public static class LoginAuditFields
{
    public static void Write(Utf8JsonWriter json, LoginLog log)
    {
        json.WriteStartObject();
        json.WriteString("event_type", log.EventType.ToString());
        WriteIfSet(json, "failure_reason", log.FailureReason?.ToString());
        WriteIfSet(json, "error_code", log.ErrorCode);
        WriteIfSet(json, "sign_in_method", log.SignInMethod?.ToString());
        WriteIfSet(json, "session_id", log.SessionId);
        json.WriteBoolean("suspicious", log.Suspicious);
        json.WriteStartArray("signals");
        foreach (var signal in Enum.GetValues<SuspicionReasons>())
        {
            if (signal != SuspicionReasons.None && SuspicionReasonList.Parse(log.SuspiciousReasons).HasFlag(signal))
            {
                json.WriteStringValue(signal.ToString());
            }
        }

        json.WriteEndArray();
        WriteIfSet(json, "location", log.Location);
        json.WriteStartObject("device");
        json.WriteString("type", log.DeviceType.ToString());
        WriteIfSet(json, "brand", log.DeviceBrand);
        WriteIfSet(json, "model", log.DeviceModel);
        json.WriteBoolean("is_bot", log.IsBot);
        json.WriteEndObject();
        if (log.Browser is not null || log.Os is not null)
        {
            json.WriteStartObject("client");
            WriteIfSet(json, "browser", log.Browser);
            WriteIfSet(json, "browser_version", log.BrowserVersion);
            WriteIfSet(json, "os", log.Os);
            WriteIfSet(json, "os_version", log.OsVersion);
            json.WriteEndObject();
        }

        if (log.Seal is { } seal)
        {
            json.WriteStartObject("chain");
            json.WriteNumber("seq", seal.ChainSeq);
            json.WriteString("hash", Convert.ToHexStringLower(seal.ChainHash));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
