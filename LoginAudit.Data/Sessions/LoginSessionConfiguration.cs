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

        builder.HasIndex(session => new { session.UserId, session.EndedAt }).HasDatabaseName("ix_login_sessions_user_id_ended_at");
        builder.HasIndex(session => new { session.EndedAt, session.ExpiresAt }).HasDatabaseName("ix_login_sessions_ended_at_expires_at");

        builder.UseSnakeCaseColumns();
    }
}
