using System.Globalization;
using System.Text.Json;
using LoginAudit.Data.Auditing;

namespace LoginAudit.Data.Export;

/// <summary>
/// A row as LoginAudit's own JSON object (<see cref="ExportFormat.Jsonl"/>): the <c>login_logs</c> column names as keys,
/// the CSV's columns and time format, flags as JSON booleans.
/// </summary>
public static class LoginLogJsonRow
{
    public static void Write(Utf8JsonWriter json, LoginLog log)
    {
        json.WriteStartObject();
        json.WriteNumber("id", log.Id);
        json.WriteString("user_id", log.UserId);
        json.WriteString("user_name", log.UserName);
        json.WriteString("event_type", log.EventType.ToString());
        json.WriteBoolean("succeeded", log.Succeeded);
        json.WriteString("failure_reason", log.FailureReason?.ToString());
        json.WriteString("error_code", log.ErrorCode);
        json.WriteString("sign_in_method", log.SignInMethod?.ToString());
        json.WriteString("ip_address", log.IpAddress);
        json.WriteString("user_agent", log.UserAgent);
        json.WriteString("browser", log.Browser);
        json.WriteString("browser_version", log.BrowserVersion);
        json.WriteString("os", log.Os);
        json.WriteString("os_version", log.OsVersion);
        json.WriteString("device_type", log.DeviceType.ToString());
        json.WriteString("device_brand", log.DeviceBrand);
        json.WriteString("device_model", log.DeviceModel);
        json.WriteBoolean("is_bot", log.IsBot);
        json.WriteString("location", log.Location);
        json.WriteBoolean("suspicious", log.Suspicious);
        json.WriteString("session_id", log.SessionId);
        json.WriteString("created_at", ExportedRows.Time(log.CreatedAt));
        json.WriteString("country_code", log.CountryCode);
        json.WriteString("city", log.City);
        WriteNullableNumber(json, "latitude", log.Latitude);
        WriteNullableNumber(json, "longitude", log.Longitude);
        json.WriteString("suspicious_reasons", log.SuspiciousReasons);
        WriteNullableNumber(json, "asn", log.Asn);
        json.WriteString("as_org", log.AsOrg);
        json.WriteString("risk_level", log.RiskLevel.ToString());
        json.WriteString("trace_id", log.TraceId);
        json.WriteEndObject();
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
