using Microsoft.JSInterop;

namespace LoginAudit.Web.Components.Shared;

/// <summary>
/// The reader's time zone, asked of the browser once per circuit. Until it is known (prerendering, or
/// before the first interactive render) times are shown in UTC and say so.
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
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

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The offset from UTC now, for SQL bucketing by local hour and day.</summary>
    public TimeSpan CurrentOffset(TimeProvider clock) => Zone.GetUtcOffset(clock.GetUtcNow());
}
