using System.Globalization;
using System.Security.Claims;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.UserActivity;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>One user's sessions and failed attempts over the range, and ending all of their sessions.</summary>
public partial class UserDetails
{
    private ApplicationUser? user;
    private UserTimeline? timeline;
    private DateTime now;
    private bool notFound;
    private string? failure;

    [Parameter, EditorRequired]
    public string Id { get; set; } = "";

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private UserActivityService Activity { get; set; } = default!;

    /// <summary>
    /// Identity's user manager and the revocation hold a scoped DbContext. A circuit's scope lives as long as the tab,
    /// and its context would keep a stale user (a failed concurrency check later), so each use gets a scope of its own.
    /// </summary>
    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>How many sessions the last "End all sessions" ended, as the post wrote it into the URL it redirected to.</summary>
    [SupplyParameterFromQuery(Name = "ended")]
    public string? EndedText { get; set; }

    private string Name => user?.UserName ?? Id;

    // Read as text: "?ended=abc" is no notice rather than an error.
    private (bool Succeeded, string Text)? Outcome =>
        failure is not null ? (false, $"Sessions not ended: {failure}")
        : user is not null && int.TryParse(EndedText, NumberStyles.None, CultureInfo.InvariantCulture, out var ended)
            ? (true, ended == 0 ? $"{Name} had no open sessions; their sign-in stamp was renewed." : $"Ended {Plural(ended, "session")} of {Name}.")
            : null;

    protected override async Task LoadAsync(DashboardRange range, CancellationToken cancellationToken)
    {
        await using (var scope = ScopeFactory.CreateAsyncScope())
        {
            user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(Id);
        }

        notFound = user is null;
        if (notFound)
        {
            timeline = null;
            return;
        }

        now = Clock.GetUtcNow().UtcDateTime;
        timeline = await Activity.GetTimelineAsync(Id, range, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The posted "End all sessions": ends them, then redirects to this page with the count (post, redirect, get), so a
    /// reload does not post again. The page's authorization (administrators) and antiforgery check ran before this.
    /// </summary>
    private async Task EndAllSessionsAsync()
    {
        if (user is null)
        {
            return;
        }

        int ended;
        try
        {
            var actorId = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
            await using var scope = ScopeFactory.CreateAsyncScope();
            ended = await scope.ServiceProvider.GetRequiredService<SessionRevocation>().EndSessionsAsync(Id, SessionRevoker.EndedByAdmin, actorId);
        }
        catch (InvalidOperationException exception)
        {
            // The service's messages say what went wrong (user gone, stamp not changed); nothing was half done.
            failure = exception.Message;
            return;
        }

        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("ended", ended));
    }

    private static string Plural(int count, string noun) => $"{HumanFormat.Count(count)} {noun}{(count == 1 ? "" : "s")}";
}
