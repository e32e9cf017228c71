using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoginAudit.Data.UserAgents;

public static class UserAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one shared <see cref="IUserAgentParser"/>: a singleton, so its compiled
    /// expressions and its cache serve every request.
    /// </summary>
    public static IServiceCollection AddLoginAuditUserAgents(this IServiceCollection services)
    {
        services.TryAddSingleton<IUserAgentParser>(_ => new UapCoreUserAgentParser());
        return services;
    }
}
