using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Streams;

public static class StreamServiceCollectionExtensions
{
    /// <summary>
    /// The push streams of <c>LoginAudit:Streams</c> (validated at start), their pump and their status. Needs
    /// <c>AddLoginAuditData</c> and <c>AddLoginAuditIdentity</c> (the live event feed wakes the pump).
    /// </summary>
    public static IServiceCollection AddLoginAuditStreams(this IServiceCollection services)
    {
        services.AddOptions<StreamOptions>().BindConfiguration("LoginAudit").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StreamOptions>, StreamOptionsValidator>());

        // No request logging: IHttpClientFactory's would write each stream's URL, which may hold a token. Each delivery has its own timeout.
        services.AddHttpClient(LoginLogStreamPump.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.TryAddSingleton<StreamStatusService>();
        services.TryAddSingleton<LoginLogStreamPump>();
        services.AddHostedService(provider => provider.GetRequiredService<LoginLogStreamPump>());
        return services;
    }
}
