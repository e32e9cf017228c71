using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.Identity;
using LoginAudit.Data.PostgreSql;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.Throttling;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Data;

/// <summary>Identity's tables plus <c>login_logs</c>, <c>login_sessions</c> and the shared Data Protection keys, in one SQLite file or a PostgreSQL database.</summary>
/// <remarks>
/// Add a migration from the solution folder (design time uses <see cref="DesignTimeDbContextFactory"/>):
/// <code>dotnet tool restore; dotnet ef migrations add NAME --project LoginAudit.Data --startup-project LoginAudit.Web --output-dir Migrations</code>
/// and the same for PostgreSQL (README, "Schema changes"):
/// <code>dotnet ef migrations add NAME --project LoginAudit.Data.PostgreSQL --startup-project LoginAudit.Web --output-dir Migrations -- --provider PostgreSQL</code>
/// </remarks>
public sealed class LoginAuditDbContext(DbContextOptions<LoginAuditDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    /// <summary>Identity's schema with passkeys (<c>AspNetUserPasskeys</c>); set as Identity's store option by <see cref="DataServiceCollectionExtensions"/>.</summary>
    public static readonly Version IdentitySchemaVersion = IdentitySchemaVersions.Version3;

    /// <summary>For contexts made without the application's services: all Identity's model building reads of them.</summary>
    private static readonly IServiceProvider IdentitySchemaServices = new ServiceCollection()
        .Configure<IdentityOptions>(identity => identity.Stores.SchemaVersion = IdentitySchemaVersion)
        .BuildServiceProvider();

    public DbSet<LoginLog> LoginLogs => Set<LoginLog>();

    /// <summary>The hash chain's seals, one per sealed <c>login_logs</c> row (see <see cref="Integrity.ChainSealer"/>).</summary>
    public DbSet<Integrity.LoginLogSeal> LoginLogSeals => Set<Integrity.LoginLogSeal>();

    public DbSet<LoginSession> LoginSessions => Set<LoginSession>();

    /// <summary>Failed sign-ins of browsers with a device cookie, counted by every instance (see <see cref="Throttling.DeviceFailures"/>).</summary>
    public DbSet<DeviceFailure> DeviceFailures => Set<DeviceFailure>();

    /// <summary>The Data Protection key ring every instance shares (see <c>AddLoginAuditKeyRing</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <remarks>
    /// Identity builds its model for the schema version in the application's <see cref="IdentityOptions"/>. A context
    /// made without the application's services (design time, commands, tests) gets the same version from here, so
    /// that there is one model everywhere, the one the migrations describe.
    /// </remarks>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => UseIdentitySchema(optionsBuilder);

    /// <summary>
    /// What <see cref="OnConfiguring"/> does, for options made without the application's services that a pooled
    /// context will use (a pooled context may not change its options in <see cref="OnConfiguring"/>).
    /// </summary>
    public static void UseIdentitySchema(DbContextOptionsBuilder options)
    {
        if (options.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            options.UseApplicationServiceProvider(IdentitySchemaServices);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LoginAuditDbContext).Assembly);
        builder.HasDbFunction(typeof(IpNetworks).GetMethod(nameof(IpNetworks.Contains))!).HasName(IpNetworks.FunctionName);
        if (Database.IsNpgsql())
        {
            PostgreSqlModel.Apply(builder);
        }
    }
}
