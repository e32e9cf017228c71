using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;

// Each switch names every value of its enum without a "_ =>" arm: a new event type or reason without its ECS mapping
// is a build error (CS8509). CS8524 is about integers cast to the enum, which no row holds.
#pragma warning disable CS8524

namespace LoginAudit.Data.Export;

/// <summary>
/// A row as an Elastic Common Schema <see cref="SchemaVersion"/> document; what ECS has no field for is under
/// <c>loginaudit.*</c> (<see cref="LoginAuditFields"/>). The mapping table is in README, "ECS".
/// </summary>
public static class EcsDocument
{
    /// <summary>The released ECS version this mapping follows.</summary>
    public const string SchemaVersion = "9.4.0";

    public readonly record struct Categorization(string[] Categories, string[] Types, string Action);

    /// <summary>
    /// <c>event.category</c>, <c>event.type</c> (values ECS expects for each category) and <c>event.action</c>.
    /// </summary>
    public static Categorization Categorize(LoginEventType type) => type switch
    {
        LoginEventType.SignInSucceeded => new(["authentication", "session"], ["start"], "sign-in-succeeded"),
        LoginEventType.SignInFailed => new(["authentication"], ["start"], "sign-in-failed"),
        LoginEventType.TwoFactorRequired => new(["authentication"], ["info"], "two-factor-required"),
        LoginEventType.LockedOut => new(["authentication"], ["start"], "locked-out"),
        LoginEventType.SignedOut => new(["authentication", "session"], ["end"], "signed-out"),
        LoginEventType.SessionExpired => new(["authentication", "session"], ["end"], "session-expired"),
        LoginEventType.SessionRevoked => new(["authentication", "session"], ["end"], "session-revoked"),
        LoginEventType.RateLimited => new(["authentication"], ["start"], "rate-limited"),
        LoginEventType.ZoneRefused => new(["authentication"], ["start"], "zone-refused"),
        LoginEventType.SignInConfirmedSafe => new(["authentication"], ["info"], "sign-in-confirmed-safe"),
        LoginEventType.SignInConfirmedCompromised => new(["authentication"], ["info"], "sign-in-confirmed-compromised"),
        LoginEventType.SignInConfirmedByUser => new(["authentication"], ["info"], "sign-in-confirmed-by-user"),
        LoginEventType.SignInDeniedByUser => new(["authentication"], ["info"], "sign-in-denied-by-user"),
        LoginEventType.ReviewRefused => new(["authentication"], ["info"], "review-refused"),
        LoginEventType.PasskeyAdded => new(["iam"], ["user", "creation"], "passkey-added"),
        LoginEventType.PasskeyRenamed => new(["iam"], ["user", "change"], "passkey-renamed"),
        LoginEventType.PasskeyRemoved => new(["iam"], ["user", "deletion"], "passkey-removed"),
        LoginEventType.AuditLogPurged => new(["database"], ["change"], "audit-log-purged"),
    };

    /// <summary><c>event.reason</c> of a failure: a sentence, as ECS has it ("the reason why this event happened").</summary>
    public static string Reason(LoginFailureReason reason) => reason switch
    {
        LoginFailureReason.InvalidPassword => "Invalid password",
        LoginFailureReason.UnknownUser => "Unknown user name",
        LoginFailureReason.LockedOut => "Account locked out",
        LoginFailureReason.NotAllowed => "Account not allowed to sign in",
        LoginFailureReason.InvalidTwoFactorCode => "Invalid second-factor code",
        LoginFailureReason.InvalidRecoveryCode => "Invalid recovery code",
        LoginFailureReason.ExternalLoginNotLinked => "External login not linked to an account",
        LoginFailureReason.InvalidPasskey => "Passkey refused",
        LoginFailureReason.RateLimited => "Too many attempts",
        LoginFailureReason.ZoneRefused => "Refused by a network zone",
        LoginFailureReason.NotOwnEvent => "Review of an event of another user",
    };

    public static void Write(Utf8JsonWriter json, LoginLog log)
    {
        var categorization = Categorize(log.EventType);
        json.WriteStartObject();
        json.WriteString("@timestamp", ExportedRows.Time(log.CreatedAt));
        json.WriteString("message", log.EventType.ToString());
        json.WriteStartObject("ecs");
        json.WriteString("version", SchemaVersion);
        json.WriteEndObject();

        json.WriteStartObject("event");
        json.WriteString("kind", "event");
        WriteArray(json, "category", categorization.Categories);
        WriteArray(json, "type", categorization.Types);
        json.WriteString("action", categorization.Action);
        json.WriteString("outcome", log.Succeeded ? "success" : "failure");
        if (log.FailureReason is { } reason)
        {
            json.WriteString("reason", Reason(reason));
        }

        if (log.ErrorCode is not null)
        {
            json.WriteString("code", log.ErrorCode);
        }

        json.WriteString("id", log.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("sequence", log.Id);
        json.WriteString("dataset", "loginaudit.login_logs");
        json.WriteString("module", "loginaudit");
        json.WriteString("provider", ProductVersion.Name);

        var riskScore = RiskScore(log.RiskLevel);
        json.WriteNumber("risk_score", riskScore);
        json.WriteNumber("risk_score_norm", riskScore);
        json.WriteEndObject();

        WriteSource(json, log);
        if (log.UserId is not null || log.UserName is not null)
        {
            json.WriteStartObject("user");
            if (log.UserId is not null)
            {
                json.WriteString("id", log.UserId);
            }

            if (log.UserName is not null)
            {
                json.WriteString("name", log.UserName);
            }

            json.WriteEndObject();
        }

        WriteUserAgent(json, log);
        json.WriteStartObject("service");
        json.WriteString("name", ProductVersion.Name);
        json.WriteString("version", ProductVersion.Version);
        json.WriteEndObject();

        if (log.TraceId is not null)
        {
            json.WriteStartObject("trace");
            json.WriteString("id", log.TraceId);
            json.WriteEndObject();
        }

        json.WritePropertyName("loginaudit");
        LoginAuditFields.Write(json, log);
        json.WriteEndObject();
    }

    /// <summary>ECS's 0-100 risk score (the same value normalised): the stored level in even steps, 0 without a signal.</summary>
    public static int RiskScore(RiskLevel level) => level switch
    {
        RiskLevel.None => 0,
        RiskLevel.Low => 25,
        RiskLevel.Medium => 50,
        RiskLevel.High => 75,
    };

    private static void WriteSource(Utf8JsonWriter json, LoginLog log)
    {
        if (log.IpAddress is null)
        {
            return;
        }

        json.WriteStartObject("source");
        json.WriteString("ip", log.IpAddress);
        json.WriteString("address", log.IpAddress);
        if (log.CountryCode is not null || log.City is not null)
        {
            json.WriteStartObject("geo");
            if (log.City is not null)
            {
                json.WriteString("city_name", log.City);
            }

            if (log.CountryCode is not null)
            {
                json.WriteString("country_iso_code", log.CountryCode);
            }

            if (log.Latitude is { } latitude && log.Longitude is { } longitude)
            {
                json.WriteStartObject("location");
                json.WriteNumber("lat", latitude);
                json.WriteNumber("lon", longitude);
                json.WriteEndObject();
            }

            if (log.Location is not null)
            {
                json.WriteString("name", log.Location);
            }

            json.WriteEndObject();
        }

        if (log.Asn is { } asn)
        {
            json.WriteStartObject("as");
            json.WriteNumber("number", asn);
            if (log.AsOrg is not null)
            {
                json.WriteStartObject("organization");
                json.WriteString("name", log.AsOrg);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteUserAgent(Utf8JsonWriter json, LoginLog log)
    {
        if (log.UserAgent is null && log.Browser is null)
        {
            return;
        }

        json.WriteStartObject("user_agent");
        if (log.UserAgent is not null)
        {
            json.WriteString("original", log.UserAgent);
        }

        if (log.Browser is not null)
        {
            json.WriteString("name", log.Browser);
        }

        if (log.BrowserVersion is not null)
        {
            json.WriteString("version", log.BrowserVersion);
        }

        if (log.Os is not null)
        {
            json.WriteStartObject("os");
            json.WriteString("name", log.Os);
            if (log.OsVersion is not null)
            {
                json.WriteString("version", log.OsVersion);
            }

            json.WriteEndObject();
        }

        if (DeviceName(log) is { } device)
        {
            json.WriteStartObject("device");
            json.WriteString("name", device);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>"Apple iPhone", "Samsung SM-G991B": brand and model as parsed, or the one that is known.</summary>
    private static string? DeviceName(LoginLog log) =>
        (log.DeviceBrand, log.DeviceModel) switch
        {
            (null, null) => null,
            ({ } brand, null) => brand,
            (null, { } model) => model,
            ({ } brand, { } model) => model.StartsWith(brand, StringComparison.OrdinalIgnoreCase) ? model : $"{brand} {model}",
        };

    private static void WriteArray(Utf8JsonWriter json, string name, string[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
