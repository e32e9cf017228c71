using LoginAudit.Data.Partitioning;
using LoginAudit.Data.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Data.Integrity;

public static class IntegrityServiceCollectionExtensions
{
    /// <summary>
    /// Keeps <c>login_logs</c> tamper-evident and bounded: the hash-chain sealer and verifier, and the retention purge,
    /// each with its background service, and on PostgreSQL the monthly partitions retention drops. Needs <c>AddLoginAuditData</c> and <c>AddLoginAuditIdentity</c> (the purge audits itself).
    /// </summary>
    public static IServiceCollection AddLoginAuditIntegrity(this IServiceCollection services)
    {
        services.AddSingleton<ChainSealer>();
        services.AddSingleton<ChainVerifier>();
        services.AddSingleton<ExpectedHeadCheck>();
        services.AddSingleton<LoginLogPartitions>();
        services.AddSingleton<RetentionPurger>();
        services.AddHostedService<ChainSealingService>();
        services.AddHostedService<LoginLogPartitionService>();
        services.AddHostedService<RetentionPurgeService>();
        return services;
    }
}
