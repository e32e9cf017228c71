using Microsoft.JSInterop;

namespace LoginAudit.Web.Components.Shared;

/// <summary>
/// The reader's time zone, asked of the browser once per circuit. Until it is known (prerendering, or
/// before the first interactive render) times are shown in UTC and say so. A statically rendered page has no
/// circuit to ask: it takes the zone <c>app.js</c> stored in the <see cref="CookieName"/> cookie (<see cref="UseCookie"/>).
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    /// <summary>The browser's IANA time zone, written by <c>app.js</c> on every page load.</summary>
    public const string CookieName = "loginaudit-time-zone";

    private TimeZoneInfo? zone;

    public event Action? Changed;

    public TimeZoneInfo Zone => zone ?? TimeZoneInfo.Utc;

    public bool IsKnown => zone is not null;

    /// <summary>Call from <c>OnAfterRenderAsync(firstRender: true)</c>; JS interop is not available while prerendering.</summary>
    public async Task EnsureKnownAsync()
    {
        if (zone is not null)
        {
            return;
        }

        var id = await js.InvokeAsync<string>("loginAudit.timeZone");
        zone = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
        Changed?.Invoke();
    }

    /// <summary>
    /// For a statically rendered request: the zone of the request's cookie, when it names one this server knows
    /// (anything else, or none, leaves the times in UTC, saying so).
    /// </summary>
    public void UseCookie(IRequestCookieCollection cookies)
    {
        if (zone is null && cookies[CookieName] is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(Uri.UnescapeDataString(id), out var found))
        {
            zone = found;
        }
    }

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The offset from UTC now, for SQL bucketing by local hour and day.</summary>
    public TimeSpan CurrentOffset(TimeProvider clock) => Zone.GetUtcOffset(clock.GetUtcNow());
}
