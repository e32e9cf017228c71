using Bunit;
using LoginAudit.Web.Components.Layout;
using Microsoft.AspNetCore.Components;

namespace LoginAudit.Tests.Components.Layout;

/// <summary>The frame: the theme from the request's cookie, switching it, and the navigation each person sees.</summary>
public sealed class MainLayoutTests : PageTest
{
    /// <summary>The layout brings its own popover provider (as in the app), so it is rendered without the base's.</summary>
    private IRenderedComponent<MainLayout> RenderLayout(ThemeState theme)
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render<MainLayout>(p => p
            .AddCascadingValue(theme)
            .Add(c => c.Body, (RenderFragment)(builder => builder.AddMarkupContent(0, "<h1>Body</h1>"))));
    }

    /// <summary>MudThemeProvider writes the scheme's palette as CSS variables; the dark one has the theme's dark background.</summary>
    private static bool IsDark(IRenderedComponent<MainLayout> layout)
    {
        var style = layout.FindAll("style").Select(element => element.TextContent).First(text => text.Contains("--mud-palette-background:", StringComparison.Ordinal));
        return style.Contains("--mud-palette-background: #121420", StringComparison.OrdinalIgnoreCase)
            || style.Contains("--mud-palette-background: rgba(18,20,32,1)", StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DarkCookie_RendersTheDarkPalette()
    {
        var layout = RenderLayout(new ThemeState(ThemePreference.Dark, SystemIsDark: false));

        Assert.True(IsDark(layout));
    }

    [Fact]
    public void Render_FollowTheSystemOnADarkSystem_RendersDark()
    {
        JSInterop.Setup<bool>(invocation => invocation.Identifier.Contains("DarkMode", StringComparison.OrdinalIgnoreCase)).SetResult(true);

        var layout = RenderLayout(new ThemeState(ThemePreference.System, SystemIsDark: true));

        Assert.True(IsDark(layout));
    }

    [Fact]
    public void ChooseDark_FromLight_RepaintsDarkAndStoresTheChoiceInTheCookie()
    {
        var layout = RenderLayout(new ThemeState(ThemePreference.Light, SystemIsDark: false));
        Assert.False(IsDark(layout));

        layout.Find(".theme-menu button").Click();
        layout.WaitForAssertion(() => Assert.NotEmpty(layout.FindAll(".theme-dark")));
        layout.Find(".theme-dark").Click();

        layout.WaitForAssertion(() => Assert.True(IsDark(layout)));
        Assert.Equal("dark", JSInterop.VerifyInvoke("loginAudit.setTheme").Arguments[0]);
    }

    [Fact]
    public void NavMenu_Admin_ShowsTheAdministrationLinks()
    {
        var layout = RenderLayout(new ThemeState(ThemePreference.Light, SystemIsDark: false));

        Assert.Contains("admin/logins", layout.FindAll(".app-nav a").Select(link => link.GetAttribute("href")));
    }

    [Fact]
    public void NavMenu_UserWithoutAdminRole_ShowsOnlyTheirOwnPages()
    {
        SignInAsUser("ivan@example.com", "u-ivan");

        var layout = RenderLayout(new ThemeState(ThemePreference.Light, SystemIsDark: false));

        var links = layout.FindAll(".app-nav a").Select(link => link.GetAttribute("href")).ToList();
        Assert.Contains("account/sign-ins", links);
        Assert.DoesNotContain(links, link => link!.StartsWith("admin", StringComparison.Ordinal));
    }

    [Fact]
    public void NavMenu_Anonymous_OffersSignInAndRegister()
    {
        SignOut();

        var layout = RenderLayout(new ThemeState(ThemePreference.Light, SystemIsDark: false));

        Assert.Equal(["", "Account/Register", "Account/Login"], layout.FindAll(".app-nav a").Select(link => link.GetAttribute("href")));
    }
}
