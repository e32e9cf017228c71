using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using LoginAudit.Data;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Live;
using LoginAudit.Data.Reviews;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Components.Shared;
using LoginAudit.Web.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace LoginAudit.Tests.Components;

/// <summary>
/// The base of every component test: a bUnit <see cref="BunitContext"/> with MudBlazor's services, loose JS interop
/// (the browser's time zone answers "UTC"), a <see cref="FakeTimeProvider"/> at <see cref="LoginLogSeed.Now"/>, a real
/// migrated SQLite file with the real query services and Identity, and an administrator signed in (see
/// <see cref="SignInAsUser"/> and <see cref="SignOut"/> for the other two people).
/// </summary>
/// <remarks>
/// MudBlazor registers services that are only <see cref="IAsyncDisposable"/>, so the context is disposed through
/// <see cref="IAsyncLifetime"/>: xunit's synchronous <c>Dispose</c> would throw.
/// </remarks>
public abstract class PageTest : BunitContext, IAsyncLifetime
{
    public const string AdminId = "u-admin";
    public const string AdminName = "admin@loginaudit.test";

    private IRenderedComponent<MudPopoverProvider>? popovers;

    // Two shared cores run the whole suite at once: a render that takes 20 ms alone can take a second then.
    static PageTest() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected PageTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.Setup<string>("loginAudit.timeZone").SetResult("UTC");
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Clock);
        Authorization = AddAuthorization();
        SignInAsAdmin();
    }

    protected TemporaryDatabase Database { get; private set; } = null!;

    protected FakeTimeProvider Clock { get; } = new(LoginLogSeed.Now);

    protected BunitAuthorizationContext Authorization { get; }

    protected BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    /// <summary>Where MudBlazor's menus, selects and tooltips render their content (the layout has one in the app).</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers => popovers ??= Render<MudPopoverProvider>();

    public async Task InitializeAsync()
    {
        Database = await TemporaryDatabase.CreateAsync();
        Services.AddSupplyValueFromQueryProvider();
        Services.AddSingleton<IDbContextFactory<LoginAuditDbContext>>(Database);
        Services.AddScoped(_ => Database.CreateDbContext());
        Services.AddOptions<LoginAuditOptions>();
        Services.AddLoginAuditIdentity();
        Services.AddLoginAuditReviews();
        Services.AddLoginAuditDashboardData();
        Services.AddScoped<BrowserTimeZone>();
        Services.AddSingleton<LoginEventFeed>();
        await SeedAsync();
    }

    /// <summary>Rows every test of the class needs.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    protected void SignInAsAdmin() => Authorization.SetAuthorized(AdminName)
        .SetRoles(AdminAccountInitializer.AdminRole)
        .SetClaims(new Claim(ClaimTypes.NameIdentifier, AdminId), new Claim(ClaimTypes.Name, AdminName));

    protected void SignInAsUser(string name, string userId) => Authorization.SetAuthorized(name)
        .SetRoles()
        .SetClaims(new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, name));

    protected void SignOut() => Authorization.SetNotAuthorized().SetRoles().SetClaims();

    /// <summary>Renders <typeparamref name="TComponent"/> at <paramref name="relativeUri"/>: its query string fills the page's query parameters.</summary>
    protected IRenderedComponent<TComponent> RenderAt<TComponent>(string relativeUri, Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        // As a live circuit: pages subscribe to live events only when interactive.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _ = Popovers;
        Navigation.NavigateTo(relativeUri);
        return Render(parameters ?? (_ => { }));
    }

    /// <summary>
    /// Renders <typeparamref name="TComponent"/> at <paramref name="relativeUri"/> as static server-side rendering does
    /// (no circuit): the page loads while it renders, and its first render is all the response holds.
    /// </summary>
    protected IRenderedComponent<TComponent> RenderStaticAt<TComponent>(string relativeUri, Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Navigation.NavigateTo(relativeUri);
        return Render(parameters ?? (_ => { }));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // The renderer first: a component may still be reading when the file goes.
        await DisposeAsync();
        await Database.DisposeAsync();
    }
}
