using LoginAudit.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// Identity's user manager with every change to the account's passkeys audited: a passkey changes how the account
/// can be entered, so adding, renaming and removing one are events (<see cref="LoginEventType.PasskeyAdded"/>, …).
/// Hooking the manager rather than the Manage pages covers every UI that changes passkeys.
/// </summary>
/// <remarks>
/// Adding fails closed, as a sign-in does: a passkey whose row cannot be written is removed again and the error
/// rethrown, so no way in exists unaudited. Renaming and removing fail open, as a sign-out does (the change stands,
/// the missing row is logged as an error). A sign-in updating the passkey's counter is not an event of its own.
/// </remarks>
public sealed partial class AuditingUserManager(
    IUserStore<ApplicationUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ApplicationUser> passwordHasher,
    IEnumerable<IUserValidator<ApplicationUser>> userValidators,
    IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ApplicationUser>> logger,
    LoginAuditRecorder recorder,
    ILogger<AuditingUserManager> auditLogger)
    : UserManager<ApplicationUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>A changed password ends the demand for one (README, "Reviews").</summary>
    public override async Task<IdentityResult> ChangePasswordAsync(ApplicationUser user, string currentPassword, string newPassword) =>
        await NewPasswordChosenAsync(user, await base.ChangePasswordAsync(user, currentPassword, newPassword));

    public override async Task<IdentityResult> ResetPasswordAsync(ApplicationUser user, string token, string newPassword) =>
        await NewPasswordChosenAsync(user, await base.ResetPasswordAsync(user, token, newPassword));

    public override async Task<IdentityResult> AddOrUpdatePasskeyAsync(ApplicationUser user, UserPasskeyInfo passkey)
    {
        var existing = await GetPasskeyAsync(user, passkey.CredentialId);
        var result = await base.AddOrUpdatePasskeyAsync(user, passkey);
        if (!result.Succeeded)
        {
            return result;
        }

        if (existing is null)
        {
            try
            {
                await RecordAsync(LoginEventType.PasskeyAdded, user, passkey.CredentialId);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await base.RemovePasskeyAsync(user, passkey.CredentialId);
                throw;
            }
        }
        else if (!string.Equals(existing.Name, passkey.Name, StringComparison.Ordinal))
        {
            await RecordOrLogAsync(LoginEventType.PasskeyRenamed, user, passkey.CredentialId);
        }

        return result;
    }

    public override async Task<IdentityResult> RemovePasskeyAsync(ApplicationUser user, byte[] credentialId)
    {
        var existed = await GetPasskeyAsync(user, credentialId) is not null;
        var result = await base.RemovePasskeyAsync(user, credentialId);
        if (result.Succeeded && existed)
        {
            await RecordOrLogAsync(LoginEventType.PasskeyRemoved, user, credentialId);
        }

        return result;
    }

    private Task RecordAsync(LoginEventType eventType, ApplicationUser user, byte[] credentialId) =>
        recorder.RecordAsync(new AuditEvent(eventType)
        {
            UserId = user.Id,
            UserName = user.UserName,
            ErrorCode = PasskeyReference.For(credentialId),
        });

    private async Task RecordOrLogAsync(LoginEventType eventType, ApplicationUser user, byte[] credentialId)
    {
        try
        {
            await RecordAsync(eventType, user, credentialId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPasskeyChangeNotAudited(auditLogger, exception, eventType, user.Id);
        }
    }

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "The passkey change {EventType} of user {UserId} could not be audited; the change stands.")]
    private static partial void LogPasskeyChangeNotAudited(ILogger logger, Exception exception, LoginEventType eventType, string userId);

    private async Task<IdentityResult> NewPasswordChosenAsync(ApplicationUser user, IdentityResult changed)
    {
        if (!changed.Succeeded || !user.RequiresNewPassword)
        {
            return changed;
        }

        user.RequiresNewPassword = false;
        return await UpdateAsync(user);
    }
}
