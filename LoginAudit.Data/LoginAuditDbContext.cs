using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Sessions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data;

/// <summary>Identity's tables plus <c>login_logs</c> and <c>login_sessions</c>, in one SQLite file.</summary>
/// <remarks>
/// Add a migration from the solution folder (design time uses <see cref="DesignTimeDbContextFactory"/>):
/// <code>dotnet tool restore; dotnet ef migrations add NAME --project LoginAudit.Data --startup-project LoginAudit.Web --output-dir Migrations</code>
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
