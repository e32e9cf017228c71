using System.Globalization;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Detection;
using LoginAudit.Data.UserAgents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace LoginAudit.Data.History;

/// <summary>Which time window the history shows; every preset ends now.</summary>
public enum LoginHistoryRange
{
    LastHour,
    Last24Hours,
    Last7Days,
    Last30Days,

    /// <summary>Uses <see cref="LoginHistoryFilter.From"/> and <see cref="LoginHistoryFilter.To"/>; either may be open.</summary>
    Custom,
}

public enum LoginOutcome
{
    Any,

    /// <summary>Sign-ins that started a session (<see cref="LoginEventType.SignInSucceeded"/>).</summary>
    Succeeded,

    /// <summary>Failed attempts, including the one that locked the account: <c>event_type IN (SignInFailed, LockedOut)</c>.</summary>
    Failed,
}

/// <summary>
/// What the login-history grid shows (and the CSV export writes). It lives in the page's URL, so it round-trips
/// through <see cref="ToQueryString"/> and <see cref="Parse(string?)"/>: compact stable names, defaults left out,
/// and anything unknown, malformed or oversized ignored rather than failing.
/// </summary>
public sealed record LoginHistoryFilter
{
    // Query-string names: short, and part of bookmarked URLs, so never rename one.
    private const string RangeKey = "r";
    private const string FromKey = "from";
    private const string ToKey = "to";
    private const string EventTypesKey = "ev";
    private const string OutcomeKey = "out";
    private const string FailureReasonsKey = "fr";
    private const string DeviceTypesKey = "dev";
    private const string OsKey = "os";
    private const string BrowserKey = "br";
    private const string SuspiciousKey = "sus";
    private const string SuspicionReasonsKey = "sr";
    private const string SearchKey = "q";
    private const string UserIdKey = "uid";
    private const string IpAddressKey = "ip";
    private const string SessionIdKey = "sid";
    private const string RiskLevelsKey = "risk";
    private const string AsnKey = "asn";

    /// <summary>Identity's user ids are GUID strings; a longer value is not an id.</summary>
    private const int UserIdMaximumLength = 64;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    private static readonly IReadOnlyDictionary<LoginHistoryRange, string> RangeNames = new Dictionary<LoginHistoryRange, string>
    {
        [LoginHistoryRange.LastHour] = "1h",
        [LoginHistoryRange.Last24Hours] = "24h",
        [LoginHistoryRange.Last7Days] = "7d",
        [LoginHistoryRange.Last30Days] = "30d",
        [LoginHistoryRange.Custom] = "custom",
    };

    private static readonly IReadOnlyDictionary<LoginOutcome, string> OutcomeNames = new Dictionary<LoginOutcome, string>
    {
        [LoginOutcome.Any] = "any",
        [LoginOutcome.Succeeded] = "ok",
        [LoginOutcome.Failed] = "fail",
    };

    public LoginHistoryRange Range { get; init; } = LoginHistoryRange.Last24Hours;

    /// <summary>Start (UTC, inclusive) when <see cref="Range"/> is <see cref="LoginHistoryRange.Custom"/>; null is open.</summary>
    public DateTime? From { get; init; }

    /// <summary>End (UTC, exclusive) when <see cref="Range"/> is <see cref="LoginHistoryRange.Custom"/>; null is open.</summary>
    public DateTime? To { get; init; }

    /// <summary>Empty means every type.</summary>
    public IReadOnlyList<LoginEventType> EventTypes { get; init; } = [];

    public LoginOutcome Outcome { get; init; }

    /// <summary>Empty means every reason (and rows without one).</summary>
    public IReadOnlyList<LoginFailureReason> FailureReasons { get; init; } = [];

    public IReadOnlyList<DeviceType> DeviceTypes { get; init; } = [];

    /// <summary>Exact OS family as stored, e.g. <c>Windows</c>.</summary>
    public string? Os { get; init; }

    /// <summary>Exact browser family as stored, e.g. <c>Chrome</c>.</summary>
    public string? Browser { get; init; }

    public bool? Suspicious { get; init; }

    /// <summary>
    /// Rows flagged for any of these reasons (so only suspicious rows); empty means any. Single flags only, in order.
    /// </summary>
    public IReadOnlyList<SuspicionReasons> SuspicionReasons { get; init; } = [];

    /// <summary>Free text: see <see cref="LoginLogSearch"/> for what it matches.</summary>
    public string? Search { get; init; }

    public string? UserId { get; init; }

    /// <summary>An IP address as stored, or a network in CIDR form (<c>203.0.113.0/24</c>): see <see cref="IpNetworks"/>.</summary>
    public string? IpAddress { get; init; }

    public string? SessionId { get; init; }

    /// <summary>Rows at any of these risk levels; empty means any.</summary>
    public IReadOnlyList<RiskLevel> RiskLevels { get; init; } = [];

    /// <summary>Rows from this autonomous system (network).</summary>
    public int? Asn { get; init; }

    /// <summary>
    /// The UTC bounds this filter means in <paramref name="window"/> (at its <see cref="AuditWindow.Now"/>): [From, To),
    /// either open (null); a custom bound is clamped to the window.
    /// </summary>
    public (DateTime? From, DateTime? To) ResolveRange(AuditWindow window)
    {
        var now = window.Now;
        return Range switch
        {
            LoginHistoryRange.LastHour => (now.AddHours(-1), null),
            LoginHistoryRange.Last24Hours => (now.AddDays(-1), null),
            LoginHistoryRange.Last7Days => (now.AddDays(-7), null),
            LoginHistoryRange.Last30Days => (now.AddDays(-30), null),
            _ => (window.Clamp(From), window.Clamp(To)),
        };
    }

    /// <summary>A range's name in the URL (<c>r=7d</c>), for a form that sends it.</summary>
    public static string NameOf(LoginHistoryRange range) => RangeNames[range];

    /// <summary>An outcome's name in the URL (<c>out=fail</c>), for a form that sends it.</summary>
    public static string NameOf(LoginOutcome outcome) => OutcomeNames[outcome];

    /// <summary>The filter as a query string with a leading <c>?</c>, or an empty string when everything is default.</summary>
    public string ToQueryString()
    {
        var parameters = new List<KeyValuePair<string, string?>>();

        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parameters.Add(new(key, value));
            }
        }

        if (Range != LoginHistoryRange.Last24Hours)
        {
            Add(RangeKey, RangeNames[Range]);
        }

        if (Range == LoginHistoryRange.Custom)
        {
            Add(FromKey, From?.ToString(TimeFormat, CultureInfo.InvariantCulture));
            Add(ToKey, To?.ToString(TimeFormat, CultureInfo.InvariantCulture));
        }

        Add(EventTypesKey, JoinEnums(EventTypes));
        Add(OutcomeKey, Outcome == LoginOutcome.Any ? null : OutcomeNames[Outcome]);
        Add(FailureReasonsKey, JoinEnums(FailureReasons));
        Add(DeviceTypesKey, JoinEnums(DeviceTypes));
        Add(OsKey, Os);
        Add(BrowserKey, Browser);
        Add(SuspiciousKey, Suspicious switch { true => "1", false => "0", null => null });
        Add(SuspicionReasonsKey, JoinEnums(SuspicionReasons));
        Add(SearchKey, Search);
        Add(UserIdKey, UserId);
        Add(IpAddressKey, IpAddress);
        Add(SessionIdKey, SessionId);
        Add(RiskLevelsKey, JoinEnums(RiskLevels));
        Add(AsnKey, Asn?.ToString(CultureInfo.InvariantCulture));

        return QueryString.Create(parameters).ToUriComponent();
    }

    /// <summary>Reads a query string (with or without the leading <c>?</c>); never throws on hostile input.</summary>
    public static LoginHistoryFilter Parse(string? query) =>
        Parse(string.IsNullOrEmpty(query) ? new Dictionary<string, StringValues>() : QueryHelpers.ParseQuery(query));

    /// <summary>Reads parsed query values, e.g. <c>NavigationManager</c>'s or <c>HttpRequest.Query</c>; never throws.</summary>
    public static LoginHistoryFilter Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var values = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in query)
        {
            values.TryAdd(key, value);
        }

        string? Single(string key, int maximumLength)
        {
            if (!values.TryGetValue(key, out var raw))
            {
                return null;
            }

            var value = raw.FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(value) || value.Length > maximumLength ? null : value;
        }

        var from = ParseTime(Single(FromKey, 40));
        var to = ParseTime(Single(ToKey, 40));
        var range = ParseName(Single(RangeKey, 10), RangeNames)
            ?? (from is not null || to is not null ? LoginHistoryRange.Custom : LoginHistoryRange.Last24Hours);

        return new LoginHistoryFilter
        {
            Range = range,
            From = range == LoginHistoryRange.Custom ? from : null,
            To = range == LoginHistoryRange.Custom ? to : null,
            EventTypes = ParseEnums<LoginEventType>(values, EventTypesKey),
            Outcome = ParseName(Single(OutcomeKey, 10), OutcomeNames) ?? LoginOutcome.Any,
            FailureReasons = ParseEnums<LoginFailureReason>(values, FailureReasonsKey),
            DeviceTypes = ParseEnums<DeviceType>(values, DeviceTypesKey),
            Os = Single(OsKey, LoginLogLimits.Name),
            Browser = Single(BrowserKey, LoginLogLimits.Name),
            Suspicious = Single(SuspiciousKey, 5) switch { "1" or "true" => true, "0" or "false" => false, _ => null },
            SuspicionReasons = WithoutNone(ParseEnums<SuspicionReasons>(values, SuspicionReasonsKey)),
            Search = Single(SearchKey, LoginLogSearch.MaximumLength),
            UserId = Single(UserIdKey, UserIdMaximumLength),
            IpAddress = Single(IpAddressKey, LoginLogLimits.IpAddress),
            SessionId = Single(SessionIdKey, LoginLogLimits.SessionId),
            RiskLevels = ParseEnums<RiskLevel>(values, RiskLevelsKey),
            Asn = int.TryParse(Single(AsnKey, 10), NumberStyles.None, CultureInfo.InvariantCulture, out var asn) && asn > 0 ? asn : null,
        };
    }

    private static string? JoinEnums<TEnum>(IReadOnlyList<TEnum> values)
        where TEnum : struct, Enum =>
        values.Count == 0 ? null : string.Join(',', values.Distinct().Order().Select(value => value.ToString()));

    /// <summary>Names only (case-insensitive): <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would also take "7" or "1,2".</summary>
    private static IReadOnlyList<TEnum> ParseEnums<TEnum>(Dictionary<string, StringValues> values, string key)
        where TEnum : struct, Enum
    {
        if (!values.TryGetValue(key, out var raw))
        {
            return [];
        }

        var names = Enum.GetNames<TEnum>();
        return raw
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Take(64)
            .Select(name => names.FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase)))
            .OfType<string>()
            .Select(Enum.Parse<TEnum>)
            .Distinct()
            .Order()
            .ToList();
    }

    /// <summary>"None" is a name of the flags enum but no reason to filter by. An unchanged list stays the shared empty one.</summary>
    private static IReadOnlyList<SuspicionReasons> WithoutNone(IReadOnlyList<SuspicionReasons> reasons) =>
        reasons.Contains(Detection.SuspicionReasons.None) ? reasons.Where(reason => reason != Detection.SuspicionReasons.None).ToList() : reasons;

    private static TValue? ParseName<TValue>(string? name, IReadOnlyDictionary<TValue, string> names)
        where TValue : struct =>
        names.Where(pair => string.Equals(pair.Value, name, StringComparison.OrdinalIgnoreCase))
            .Select(pair => (TValue?)pair.Key)
            .FirstOrDefault();

    private static DateTime? ParseTime(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : null;
}
