using System.Security.Claims;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.UserActivity;
using LoginAudit.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor;

namespace LoginAudit.Web.Components.Pages.Admin;

/// <summary>One user's sessions and failed attempts over the range, and ending all of their sessions.</summary>
public partial class UserDetails
{
    private ApplicationUser? user;
    private UserTimeline? timeline;
    private DateTime now;
    private bool notFound;
    private bool ending;

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
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

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

    private async Task EndAllSessionsAsync()
    {
        var name = user?.UserName ?? Id;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "End all sessions",
            $"End every session of {name}? Each signed-in browser is signed out at its next request, and each session is recorded as revoked.",
            yesText: "End all sessions",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        ending = true;
        try
        {
            var actorId = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
            int ended;
            await using (var scope = ScopeFactory.CreateAsyncScope())
            {
                ended = await scope.ServiceProvider.GetRequiredService<SessionRevocation>()
                    .EndSessionsAsync(Id, SessionRevoker.EndedByAdmin, actorId);
            }

            Snackbar.Add(
                ended == 0 ? $"{name} had no open sessions; their sign-in stamp was renewed." : $"Ended {Plural(ended, "session")} of {name}.",
                Severity.Success);
            await ReloadAsync();
        }
        catch (InvalidOperationException exception)
        {
            // The service's messages say what went wrong (user gone, stamp not changed); nothing was half done.
            Snackbar.Add($"Sessions not ended: {exception.Message}", Severity.Error);
        }
        finally
        {
            ending = false;
        }
    }

    private static string Plural(int count, string noun) => $"{HumanFormat.Count(count)} {noun}{(count == 1 ? "" : "s")}";
}
