using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoginAudit.Data.Sessions;

internal sealed class LoginSessionConfiguration : IEntityTypeConfiguration<LoginSession>
{
    public void Configure(EntityTypeBuilder<LoginSession> builder)
    {
        builder.ToTable("login_sessions");
        builder.HasKey(session => session.SessionId);

        builder.Property(session => session.SessionId).HasMaxLength(LoginLogLimits.SessionId);
        builder.Property(session => session.UserName).HasMaxLength(LoginLogLimits.UserName);
        builder.Property(session => session.StartedAt).HasConversion(UtcDateTime.Converter);
        builder.Property(session => session.ExpiresAt).HasConversion(UtcDateTime.Converter);
        builder.Property(session => session.EndedAt).HasConversion(UtcDateTime.NullableConverter);
        builder.Property(session => session.EndedBy).HasConversion<string>().HasMaxLength(32);

        builder.HasOne<ApplicationUser>()
            .WithMany()
            .HasForeignKey(session => session.UserId)
            .OnDelete(DeleteBehavior.Cascade);

        // An account's sessions, for the cascade when it is deleted.
        builder.HasIndex(session => session.UserId).HasDatabaseName("ix_login_sessions_user_id");

        // Open sessions are a few percent of the table, and every read but retention's asks for them: an account's (its
        // revocation, its own page), the active ones per account and in all, the expired ones for the sweep. ended_at,
        // always null here, is in it so that SQLite answers from the index alone. Retention's sessions that ended before
        // its cutoff are read from the table, once a day (docs/query-plans.md, "Partial indexes").
        builder.HasIndex(session => new { session.UserId, session.ExpiresAt, session.EndedAt }).HasDatabaseName("ix_login_sessions_open")
            .HasFilter("ended_at IS NULL");

        builder.UseSnakeCaseColumns();
    }
}
