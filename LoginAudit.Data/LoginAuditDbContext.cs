using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Sessions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data;

/// <summary>Identity's tables plus <c>login_logs</c> and <c>login_sessions</c>, in one SQLite file.</summary>
/// <remarks>
/// Add a migration from the solution folder:
/// <code>DOTNET_ROLL_FORWARD=Major EfDesign=true dotnet ef migrations add NAME --project LoginAudit.Data --startup-project LoginAudit.Data --output-dir Migrations</code>
/// (design time uses <see cref="DesignTimeDbContextFactory"/>; roll-forward because only the .NET 10 runtime is installed).
/// The hash-chain columns and <c>login_log_chain</c> came from
/// <code>dotnet tool restore; DOTNET_ROLL_FORWARD=Major EfDesign=true dotnet ef migrations add HashChain --project LoginAudit.Data --startup-project LoginAudit.Data --output-dir Migrations</code>
/// </remarks>
public sealed class LoginAuditDbContext(DbContextOptions<LoginAuditDbContext> options)
    : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<LoginLog> LoginLogs => Set<LoginLog>();

    public DbSet<LoginSession> LoginSessions => Set<LoginSession>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LoginAuditDbContext).Assembly);
    }
}
