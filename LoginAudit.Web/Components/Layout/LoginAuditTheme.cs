using MudBlazor;

namespace LoginAudit.Web.Components.Layout;

/// <summary>
/// The product's colours and type. Every text colour here passes WCAG AA contrast (4.5:1) on its background in both
/// schemes; the browser tests check it with axe-core.
/// </summary>
public static class LoginAuditTheme
{
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00796b",
            Info = "#0a6ebd",
            Success = "#2e7d32",
            Warning = "#9a5b00",
            Error = "#c62828",
            AppbarBackground = "#283593",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
            TextSecondary = "rgba(0,0,0,0.68)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#9fa8da",
            PrimaryContrastText = "#10163a",
            Secondary = "#80cbc4",
            Info = "#64b5f6",
            Success = "#81c784",
            Warning = "#ffb74d",
            Error = "#ef9a9a",
            ErrorContrastText = "#3b0000",
            AppbarBackground = "#1a1d2e",
            Background = "#121420",
            Surface = "#1e2133",
            DrawerBackground = "#1a1d2e",
            TextSecondary = "rgba(255,255,255,0.72)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
