using LoginAudit.Data.Integrity;
using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.Export;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Tests.Export;

/// <summary>
/// Sample rows written as OCSF and ECS, checked field by field, and every field checked against the schema: an OCSF
/// attribute of the object it is in (OCSF 1.8.0), an ECS 9.4.0 field, or inside the documented loginaudit namespace.
/// </summary>
public sealed class SiemFormatSampleTests
{
    private static readonly DateTime At = new(2026, 11, 21, 10, 49, 5, 123, DateTimeKind.Utc);

    /// <summary>OCSF 1.8.0 attributes of the Authentication class (base_event, iam, authentication) and of the objects it uses here.</summary>
    private static readonly Dictionary<string, string[]> OcsfAttributes = new()
    {
        [""] =
        [
            "account_switch_type", "account_switch_type_id", "activity_id", "activity_name", "actor", "auth_factors", "auth_protocol", "auth_protocol_id",
            "authentication_token", "category_name", "category_uid", "certificate", "class_name", "class_uid", "count", "dst_endpoint", "duration",
            "end_time", "enrichments", "http_request", "http_response", "is_cleartext", "is_mfa", "is_new_logon", "is_remote", "logon_process",
            "logon_type", "logon_type_id", "message", "metadata", "observables", "raw_data", "raw_data_hash", "raw_data_size", "service", "session",
            "risk_level", "risk_level_id", "severity", "severity_id", "src_endpoint", "start_time", "status", "status_code", "status_detail", "status_id",
            "time", "timezone_offset", "trace", "type_name", "type_uid", "unmapped", "user",
        ],
        ["metadata"] = ["correlation_uid", "event_code", "labels", "log_name", "log_provider", "original_time", "product", "profiles", "sequence", "tenant_uid", "uid", "version"],
        ["metadata.product"] = ["cpe_name", "feature", "lang", "name", "path", "uid", "url_string", "vendor_name", "version"],
        ["user"] = ["account", "credential_uid", "display_name", "domain", "email_addr", "full_name", "groups", "has_mfa", "name", "org", "risk_level", "risk_level_id", "risk_score", "type", "type_id", "uid", "uid_alt"],
        ["src_endpoint"] = ["autonomous_system", "domain", "hostname", "hw_info", "ip", "isp", "isp_org", "location", "name", "network_scope", "network_scope_id", "os", "port", "type", "type_id", "uid"],
        ["src_endpoint.autonomous_system"] = ["name", "number"],
        ["trace"] = ["duration", "end_time", "flags", "service", "span", "start_time", "uid"],
        ["src_endpoint.location"] = ["city", "continent", "coordinates", "country", "desc", "lat", "long", "postal_code", "provider", "region"],
        ["http_request"] = ["args", "http_headers", "http_method", "referrer", "uid", "url", "user_agent", "version", "x_forwarded_for"],
        ["session"] = ["count", "created_time", "credential_uid", "expiration_reason", "expiration_time", "is_mfa", "is_remote", "is_vpn", "issuer", "terminal", "uid", "uid_alt", "uuid"],
        ["auth_factors"] = ["device", "email_addr", "factor_type", "factor_type_id", "is_hotp", "is_totp", "phone_number", "provider", "security_questions"],
        ["service"] = ["labels", "name", "tags", "uid", "version"],
    };

    /// <summary>The ECS 9.4.0 fields these documents may hold (the field reference's names).</summary>
    private static readonly HashSet<string> EcsFields =
    [
        "@timestamp", "message", "ecs.version",
        "event.kind", "event.category", "event.type", "event.action", "event.outcome", "event.reason", "event.code", "event.id", "event.sequence",
        "event.dataset", "event.module", "event.provider", "event.risk_score", "event.risk_score_norm",
        "source.ip", "source.address", "source.geo.city_name", "source.geo.country_iso_code", "source.geo.location.lat", "source.geo.location.lon",
        "source.geo.name", "source.as.number", "source.as.organization.name",
        "user.id", "user.name",
        "user_agent.original", "user_agent.name", "user_agent.version", "user_agent.os.name", "user_agent.os.version", "user_agent.device.name",
        "service.name", "service.version", "trace.id",
    ];

    private static LoginLog FailedPassword() => new()
    {
        Id = 42,
        UserId = "u-1",
        UserName = "ann@example.com",
        EventType = LoginEventType.SignInFailed,
        Succeeded = false,
        FailureReason = LoginFailureReason.InvalidPassword,
        SignInMethod = SignInMethod.Password,
        IpAddress = "198.51.100.7",
        UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148 Safari/604.1",
        Browser = "Mobile Safari",
        BrowserVersion = "17.4",
        Os = "iOS",
        OsVersion = "17.4",
        DeviceType = DeviceType.Mobile,
        DeviceBrand = "Apple",
        DeviceModel = "iPhone",
        Location = "Berlin, Germany",
        CountryCode = "DE",
        City = "Berlin",
        Latitude = 52.52,
        Longitude = 13.405,
        Suspicious = true,
        SuspiciousReasons = "NewDevice,NewCountry",
        Asn = 64500,
        AsOrg = "Example Hosting",
        RiskLevel = RiskLevel.Medium,
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        CreatedAt = At,
        Seal = new LoginLogSeal { LoginLogId = 40, ChainSeq = 40, PreviousHash = new byte[32], ChainHash = Enumerable.Repeat((byte)0xab, 32).ToArray() },
    };

    private static LoginLog SecondFactorSignIn() => new()
    {
        Id = 43,
        UserId = "u-1",
        UserName = "ann@example.com",
        EventType = LoginEventType.SignInSucceeded,
        Succeeded = true,
        SignInMethod = SignInMethod.Authenticator,
        SessionId = "s-9",
        IpAddress = "2001:db8::1",
        CreatedAt = At,
    };

    private static LoginLog SessionExpired() => new()
    {
        Id = 44,
        UserId = "u-1",
        UserName = "ann@example.com",
        EventType = LoginEventType.SessionExpired,
        Succeeded = true,
        SessionId = "s-9",
        CreatedAt = At,
    };

    [Fact]
    public void Ocsf_FailedPassword_IsAFailedLogonWithEndpointLocationAndFactor()
    {
        var ocsf = ExportFormatMappingTests.Write(OcsfAuthenticationEvent.Write, FailedPassword());

        Assert.Equal(3002, ocsf.GetProperty("class_uid").GetInt32());
        Assert.Equal(3, ocsf.GetProperty("category_uid").GetInt32());
        Assert.Equal(1, ocsf.GetProperty("activity_id").GetInt32());
        Assert.Equal(300201, ocsf.GetProperty("type_uid").GetInt64());
        Assert.Equal(new DateTimeOffset(At).ToUnixTimeMilliseconds(), ocsf.GetProperty("time").GetInt64());
        Assert.Equal(2, ocsf.GetProperty("status_id").GetInt32());
        Assert.Equal("Failure", ocsf.GetProperty("status").GetString());
        Assert.Equal("InvalidPassword", ocsf.GetProperty("status_code").GetString());
        Assert.Equal("INVALID_CREDENTIALS", ocsf.GetProperty("status_detail").GetString());
        Assert.Equal(3, ocsf.GetProperty("severity_id").GetInt32());
        Assert.Equal("1.8.0", ocsf.GetProperty("metadata").GetProperty("version").GetString());
        Assert.Equal("42", ocsf.GetProperty("metadata").GetProperty("uid").GetString());
        Assert.Equal(40, ocsf.GetProperty("metadata").GetProperty("sequence").GetInt64());
        Assert.Equal("LoginAudit", ocsf.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(ocsf.GetProperty("metadata").GetProperty("product").GetProperty("version").GetString()));
        Assert.Equal("u-1", ocsf.GetProperty("user").GetProperty("uid").GetString());
        Assert.Equal("ann@example.com", ocsf.GetProperty("user").GetProperty("name").GetString());
        var endpoint = ocsf.GetProperty("src_endpoint");
        Assert.Equal("198.51.100.7", endpoint.GetProperty("ip").GetString());
        Assert.Equal("Berlin", endpoint.GetProperty("location").GetProperty("city").GetString());
        Assert.Equal("DE", endpoint.GetProperty("location").GetProperty("country").GetString());
        Assert.Equal(52.52, endpoint.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.Equal(13.405, endpoint.GetProperty("location").GetProperty("long").GetDouble());
        Assert.Equal(64500, endpoint.GetProperty("autonomous_system").GetProperty("number").GetInt32());
        Assert.Equal("Example Hosting", endpoint.GetProperty("autonomous_system").GetProperty("name").GetString());
        Assert.Equal(2, ocsf.GetProperty("risk_level_id").GetInt32());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", ocsf.GetProperty("trace").GetProperty("uid").GetString());
        Assert.Equal(["security_control", "trace"], ocsf.GetProperty("metadata").GetProperty("profiles").EnumerateArray().Select(profile => profile.GetString()));
        Assert.Equal(FailedPassword().UserAgent, ocsf.GetProperty("http_request").GetProperty("user_agent").GetString());
        var factor = Assert.Single(ocsf.GetProperty("auth_factors").EnumerateArray());
        Assert.Equal(11, factor.GetProperty("factor_type_id").GetInt32());
        Assert.False(ocsf.GetProperty("is_mfa").GetBoolean());
        var extra = ocsf.GetProperty("unmapped").GetProperty("loginaudit");
        Assert.Equal(["NewDevice", "NewCountry"], extra.GetProperty("signals").EnumerateArray().Select(signal => signal.GetString()));
        Assert.Equal(string.Concat(Enumerable.Repeat("ab", 32)), extra.GetProperty("chain").GetProperty("hash").GetString());
        AssertOcsfAttributes(ocsf, "");
    }

    [Fact]
    public void Ocsf_SecondFactorSignIn_IsASuccessfulMfaLogonWithItsSession()
    {
        var ocsf = ExportFormatMappingTests.Write(OcsfAuthenticationEvent.Write, SecondFactorSignIn());

        Assert.Equal(1, ocsf.GetProperty("status_id").GetInt32());
        Assert.False(ocsf.TryGetProperty("status_detail", out _));
        Assert.Equal("s-9", ocsf.GetProperty("session").GetProperty("uid").GetString());
        Assert.Equal([11, 7], ocsf.GetProperty("auth_factors").EnumerateArray().Select(factor => factor.GetProperty("factor_type_id").GetInt32()));
        Assert.True(ocsf.GetProperty("is_mfa").GetBoolean());
        Assert.False(ocsf.GetProperty("src_endpoint").TryGetProperty("location", out _));
        AssertOcsfAttributes(ocsf, "");
    }

    [Fact]
    public void Ocsf_SessionExpired_IsALogoffThatNamesTheEventAndHasNoFactors()
    {
        var ocsf = ExportFormatMappingTests.Write(OcsfAuthenticationEvent.Write, SessionExpired());

        Assert.Equal(300202, ocsf.GetProperty("type_uid").GetInt64());
        Assert.Equal("SessionExpired", ocsf.GetProperty("status_detail").GetString());
        Assert.False(ocsf.TryGetProperty("auth_factors", out _));
        Assert.False(ocsf.TryGetProperty("src_endpoint", out _));
        AssertOcsfAttributes(ocsf, "");
    }

    [Fact]
    public void Ecs_FailedPassword_HasTheAuthenticationFieldsAndTheRestUnderLoginAudit()
    {
        var ecs = ExportFormatMappingTests.Write(EcsDocument.Write, FailedPassword());

        Assert.Equal("2026-11-21T10:49:05.123Z", ecs.GetProperty("@timestamp").GetString());
        Assert.Equal("9.4.0", ecs.GetProperty("ecs").GetProperty("version").GetString());
        var @event = ecs.GetProperty("event");
        Assert.Equal(["authentication"], @event.GetProperty("category").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal(["start"], @event.GetProperty("type").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("failure", @event.GetProperty("outcome").GetString());
        Assert.Equal("sign-in-failed", @event.GetProperty("action").GetString());
        Assert.Equal("Invalid password", @event.GetProperty("reason").GetString());
        Assert.Equal("42", @event.GetProperty("id").GetString());
        var source = ecs.GetProperty("source");
        Assert.Equal("198.51.100.7", source.GetProperty("ip").GetString());
        Assert.Equal("Berlin", source.GetProperty("geo").GetProperty("city_name").GetString());
        Assert.Equal("DE", source.GetProperty("geo").GetProperty("country_iso_code").GetString());
        Assert.Equal(13.405, source.GetProperty("geo").GetProperty("location").GetProperty("lon").GetDouble());
        Assert.Equal(64500, source.GetProperty("as").GetProperty("number").GetInt32());
        Assert.Equal("Example Hosting", source.GetProperty("as").GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal(50, @event.GetProperty("risk_score").GetInt32());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", ecs.GetProperty("trace").GetProperty("id").GetString());
        Assert.Equal("u-1", ecs.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("ann@example.com", ecs.GetProperty("user").GetProperty("name").GetString());
        var agent = ecs.GetProperty("user_agent");
        Assert.Equal(FailedPassword().UserAgent, agent.GetProperty("original").GetString());
        Assert.Equal("Mobile Safari", agent.GetProperty("name").GetString());
        Assert.Equal("iOS", agent.GetProperty("os").GetProperty("name").GetString());
        Assert.Equal("17.4", agent.GetProperty("os").GetProperty("version").GetString());
        Assert.Equal("Apple iPhone", agent.GetProperty("device").GetProperty("name").GetString());
        var extra = ecs.GetProperty("loginaudit");
        Assert.Equal("Password", extra.GetProperty("sign_in_method").GetString());
        Assert.Equal(40, extra.GetProperty("chain").GetProperty("seq").GetInt64());
        Assert.True(extra.GetProperty("suspicious").GetBoolean());
        AssertEcsFields(ecs);
    }

    [Fact]
    public void Ecs_SessionExpired_IsASessionEndWithItsSessionIdUnderLoginAudit()
    {
        var ecs = ExportFormatMappingTests.Write(EcsDocument.Write, SessionExpired());

        Assert.Equal(["authentication", "session"], ecs.GetProperty("event").GetProperty("category").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal(["end"], ecs.GetProperty("event").GetProperty("type").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("success", ecs.GetProperty("event").GetProperty("outcome").GetString());
        Assert.Equal("s-9", ecs.GetProperty("loginaudit").GetProperty("session_id").GetString());
        Assert.False(ecs.TryGetProperty("source", out _));
        AssertEcsFields(ecs);
    }

    /// <summary>Every property is an attribute of its object; <c>unmapped</c> is free by definition.</summary>
    private static void AssertOcsfAttributes(JsonElement element, string path)
    {
        foreach (var property in element.EnumerateObject())
        {
            Assert.True(OcsfAttributes[path].Contains(property.Name), $"'{property.Name}' is not an OCSF 1.8.0 attribute of {(path.Length == 0 ? "Authentication" : path)}");
            var child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (child == "unmapped")
            {
                continue;
            }

            foreach (var value in property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray().ToArray() : [property.Value])
            {
                if (value.ValueKind == JsonValueKind.Object)
                {
                    AssertOcsfAttributes(value, child);
                }
            }
        }
    }

    private static void AssertEcsFields(JsonElement element, string path = "")
    {
        foreach (var property in element.EnumerateObject())
        {
            var field = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (field == "loginaudit")
            {
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                AssertEcsFields(property.Value, field);
            }
            else
            {
                Assert.True(EcsFields.Contains(field), $"'{field}' is not an ECS 9.4.0 field (nor under loginaudit.*)");
            }
        }
    }
}
