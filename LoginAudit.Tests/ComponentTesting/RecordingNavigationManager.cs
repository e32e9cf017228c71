using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>One call to <see cref="NavigationManager.NavigateTo(string, bool, bool)"/>, with the uri as the component passed it.</summary>
public sealed record NavigationRecord(string Uri, bool ForceLoad, bool ReplaceHistoryEntry);

/// <summary>
/// A navigation manager that stays on <see cref="BaseAddress"/>: every navigation is recorded,
/// moves <see cref="NavigationManager.Uri"/> and raises LocationChanged, as the browser would.
/// A test may navigate directly: LocationChanged is raised on the renderer's dispatcher, where
/// listening components (NavLink, NavMenu) are allowed to re-render.
/// </summary>
public sealed class RecordingNavigationManager : NavigationManager
{
    public const string BaseAddress = "http://localhost/";

    private readonly List<NavigationRecord> _history = new();

    public RecordingNavigationManager() => Initialize(BaseAddress, BaseAddress);

    /// <summary>Set by the test context when it creates its renderer.</summary>
    internal Dispatcher? Dispatcher { get; set; }

    public IReadOnlyList<NavigationRecord> History
    {
        get { lock (_history) return _history.ToList(); }
    }

    /// <summary>The current uri relative to the base address, e.g. <c>admin/logins?page=2</c>.</summary>
    public string RelativeUri => ToBaseRelativePath(Uri);

    /// <summary>The first value of a query string parameter of the current uri, or null.</summary>
    public string? GetQueryParameter(string name) =>
        QueryParameters.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>All query string parameters of the current uri, by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string?[]> QueryParameters =>
        QueryHelpers.ParseQuery(new Uri(Uri).Query)
            .ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase);

    protected override void NavigateToCore(string uri, NavigationOptions options)
    {
        lock (_history) _history.Add(new NavigationRecord(uri, options.ForceLoad, options.ReplaceHistoryEntry));

        void MoveTo()
        {
            Uri = ToAbsoluteUri(uri).AbsoluteUri;
            NotifyLocationChanged(isInterceptedLink: false);
        }

        if (Dispatcher is null)
        {
            MoveTo();
        }
        else
        {
            Dispatcher.InvokeAsync(MoveTo).GetAwaiter().GetResult();
        }
    }
}
