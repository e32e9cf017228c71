using MudBlazor.Services;

namespace LoginAudit.Web.Components.Layout;

public static class UserInterfaceServiceCollectionExtensions
{
    /// <summary>MudBlazor's services (dialogs, snackbars, popovers, the browser's viewport), once for every page.</summary>
    public static IServiceCollection AddLoginAuditUserInterface(this IServiceCollection services)
    {
        services.AddMudServices();
        return services;
    }
}
