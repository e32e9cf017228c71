using LoginAudit.Data.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data;

public static partial class DatabaseInitialization
{
    /// <summary>Migrates the database and creates the admin account; logs and rethrows what fails, so the app does not start half-ready.</summary>
    public static async Task InitializeLoginAuditDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitialization).FullName!);
        var db = scope.ServiceProvider.GetRequiredService<LoginAuditDbContext>();
        try
        {
            await db.MigrateLoginAuditDatabaseAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<AdminAccountInitializer>().InitializeAsync();
        }
        catch (Exception exception)
        {
            LogInitializationFailed(logger, exception, db.Database.GetDbConnection().DataSource);
            throw;
        }
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Critical, Message = "Could not prepare the database {DataSource}.")]
    private static partial void LogInitializationFailed(ILogger logger, Exception exception, string dataSource);
}
