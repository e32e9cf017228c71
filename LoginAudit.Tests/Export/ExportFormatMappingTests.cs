using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Export;

namespace LoginAudit.Tests.Export;

/// <summary>
/// Every event type, failure reason and sign-in method has an OCSF and an ECS mapping that the schema accepts: a value
/// added to an enum fails the build (the mappers' switches) or these tests (the values they give).
/// </summary>
public sealed class ExportFormatMappingTests
{
    /// <summary>OCSF 1.8.0 auth_factor.factor_type_id.</summary>
    private static readonly Dictionary<int, string> OcsfFactorTypes = new()
    {
        [0] = "Unknown", [1] = "SMS", [2] = "Security Question", [3] = "Phone Call", [4] = "Biometric", [5] = "Push Notification",
        [6] = "Hardware Token", [7] = "OTP", [8] = "Email", [9] = "U2F", [10] = "WebAuthn", [11] = "Password", [99] = "Other",
    };

    /// <summary>ECS 9.4.0 event.category values used here, with the event.type values ECS expects for each.</summary>
    private static readonly Dictionary<string, string[]> EcsExpectedTypes = new()
    {
        ["authentication"] = ["start", "end", "info"],
        ["session"] = ["start", "end", "info"],
        ["iam"] = ["admin", "change", "creation", "deletion", "group", "info", "user"],
        ["database"] = ["access", "change", "info", "error"],
    };

    public static TheoryData<LoginEventType> EventTypes => [.. Enum.GetValues<LoginEventType>()];

    public static TheoryData<LoginFailureReason> Reasons => [.. Enum.GetValues<LoginFailureReason>()];

    public static TheoryData<SignInMethod> Methods => [.. Enum.GetValues<SignInMethod>()];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void OcsfActivity_EveryEventType_IsLogonForAttemptsLogoffForSessionEndsOtherwiseOther(LoginEventType type)
    {
        var activity = OcsfAuthenticationEvent.Activity(type);

        var expected = type switch
        {
            LoginEventType.SignInSucceeded or LoginEventType.SignInFailed or LoginEventType.LockedOut or LoginEventType.RateLimited or LoginEventType.ZoneRefused => (1, "Logon"),
            LoginEventType.SignedOut or LoginEventType.SessionExpired or LoginEventType.SessionRevoked => (2, "Logoff"),
            _ => (99, "Other"),
        };
        Assert.Equal(expected, (activity.Id, activity.Name));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void OcsfEvent_EveryEventType_HasTheTypeUidOfItsActivityAndAUser(LoginEventType type)
    {
        var ocsf = Write(OcsfAuthenticationEvent.Write, new LoginLog { Id = 1, EventType = type, Succeeded = true, CreatedAt = DateTime.UtcNow });

        Assert.Equal(300200 + ocsf.GetProperty("activity_id").GetInt32(), ocsf.GetProperty("type_uid").GetInt64());
        Assert.False(string.IsNullOrEmpty(ocsf.GetProperty("user").GetProperty("name").GetString()));
    }

    [Fact]
    public void OcsfStatusDetail_EveryFailureReason_HasItsOwnDetail()
    {
        var details = Enum.GetValues<LoginFailureReason>().Select(OcsfAuthenticationEvent.StatusDetail).ToList();

        Assert.Equal(details.Count, details.Distinct().Count());
        Assert.All(details, detail => Assert.Matches("^[A-Z_]+$", detail));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void OcsfFactors_EverySignInMethod_AreFactorTypesOfTheSchemaWithTheirCaptions(SignInMethod method)
    {
        var factors = OcsfAuthenticationEvent.Factors(method);

        Assert.All(factors, factor => Assert.True(
            OcsfFactorTypes.TryGetValue(factor.Id, out var caption) && (factor.Id == 99 || caption == factor.Name),
            $"{method}: factor {factor.Id} {factor.Name} is not an OCSF factor type"));
        Assert.Equal(method != SignInMethod.Direct, factors.Count > 0);
        Assert.Equal(OcsfAuthenticationEvent.IsMfa(method), factors.Count > 1 || method == SignInMethod.Passkey);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void EcsCategorization_EveryEventType_UsesEventTypesEcsExpectsForEachCategory(LoginEventType type)
    {
        var categorization = EcsDocument.Categorize(type);

        Assert.NotEmpty(categorization.Categories);
        Assert.NotEmpty(categorization.Types);
        foreach (var category in categorization.Categories)
        {
            Assert.True(EcsExpectedTypes.TryGetValue(category, out var expected), $"{type}: {category} is not a category this mapping checks");
            Assert.All(categorization.Types, eventType => Assert.Contains(eventType, expected));
        }

        Assert.Matches("^[a-z]+(-[a-z]+)*$", categorization.Action);
    }

    [Fact]
    public void EcsAction_EveryEventType_IsDistinct()
    {
        var actions = Enum.GetValues<LoginEventType>().Select(type => EcsDocument.Categorize(type).Action).ToList();

        Assert.Equal(actions.Count, actions.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void EcsReason_EveryFailureReason_IsASentenceOfItsOwn(LoginFailureReason reason)
    {
        var sentence = EcsDocument.Reason(reason);

        Assert.Matches("^[A-Z][a-z -]+$", sentence);
        Assert.Single(Enum.GetValues<LoginFailureReason>(), other => EcsDocument.Reason(other) == sentence);
    }

    [Fact]
    public void ExportFormats_Names_AreTheFourFormatsAndParseBack()
    {
        Assert.Equal(["csv", "jsonl", "ocsf", "ecs"], ExportFormats.Names);
        Assert.All(Enum.GetValues<ExportFormat>(), format => Assert.True(ExportFormats.TryParse(format.Name(), out var parsed) && parsed == format));
        Assert.False(ExportFormats.TryParse("2", out _));
        Assert.False(ExportFormats.TryParse("xml", out _));
    }

    internal static JsonElement Write(Action<Utf8JsonWriter, LoginLog> write, LoginLog log)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonRows.Options))
        {
            write(json, log);
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }
}
