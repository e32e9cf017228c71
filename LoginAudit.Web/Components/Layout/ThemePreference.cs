using MudBlazor;

// Every preference named, no fallback arm: a new one without its cookie value or icon does not build (CS8509).
// CS8524 is about cast integers outside the enum, which never reach these switches.
#pragma warning disable CS8524

namespace LoginAudit.Web.Components.Layout;

/// <summary>The colour scheme a reader chose; remembered in <see cref="ThemeCookie.Name"/>.</summary>
public enum ThemePreference
{
    /// <summary>Whatever the operating system says (the default).</summary>
    System,
    Light,
    Dark,
}

/// <summary>
/// What the server knows of the reader's colours when it renders a page: the preference from its cookie, and the
/// system's scheme as <c>app.js</c> last saw it. Both come with the request, so the first paint has the right theme.
/// </summary>
/// <remarks>A root component parameter: serialised into the page and handed to the interactive circuit.</remarks>
public sealed record ThemeState(ThemePreference Preference, bool SystemIsDark)
{
    public bool IsDark => Preference switch
    {
        ThemePreference.Dark => true,
        ThemePreference.Light => false,
        ThemePreference.System => SystemIsDark,
    };
}

/// <summary>The two cookies the theme lives in. Neither is personal data; both are readable by script on purpose.</summary>
public static class ThemeCookie
{
    /// <summary>The preference: <c>light</c>, <c>dark</c> or <c>system</c>. Written by <c>loginAudit.setTheme</c>.</summary>
    public const string Name = "loginaudit-theme";

    /// <summary>The system's scheme (<c>dark</c> or <c>light</c>), written by <c>app.js</c> on every page load.</summary>
    public const string SystemSchemeName = "loginaudit-system-scheme";

    /// <summary>The cookie's value for <paramref name="preference"/>, as <c>loginAudit.setTheme</c> stores it.</summary>
    public static string ValueOf(ThemePreference preference) => preference switch
    {
        ThemePreference.System => "system",
        ThemePreference.Light => "light",
        ThemePreference.Dark => "dark",
    };

    /// <summary>
    /// Reads the cookies of a request. The theme names earlier versions stored (<c>material</c>,
    /// <c>material-dark</c>) still mean light and dark, so nobody's choice is lost by the upgrade.
    /// </summary>
    public static ThemeState Read(IRequestCookieCollection cookies) => new(
        cookies[Name] switch
        {
            "light" or "material" => ThemePreference.Light,
            "dark" or "material-dark" => ThemePreference.Dark,
            _ => ThemePreference.System,
        },
        cookies[SystemSchemeName] == "dark");
}

/// <summary>The icon of each preference, in the app bar's menu and on the static pages' buttons.</summary>
public static class ThemeIcon
{
    public static string Of(ThemePreference preference) => preference switch
    {
        ThemePreference.System => Icons.Material.Filled.BrightnessAuto,
        ThemePreference.Light => Icons.Material.Filled.LightMode,
        ThemePreference.Dark => Icons.Material.Filled.DarkMode,
    };
}
