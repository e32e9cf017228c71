using System.Security.Claims;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.Throttling;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// Identity's sign-in manager with every outcome audited. Hooking the manager rather than the pages
/// covers every sign-in UI, present and future (Razor pages, Identity API endpoints, custom forms).
/// </summary>
/// <remarks>
/// Sign-ins fail closed: the sign-in row is written before the cookie is issued, so if the audit write
/// fails the user gets an error and no session (an audit product must not have unaudited sessions).
/// Sign-outs fail open: the user is signed out even when the row cannot be written, and the failure is
/// logged as an error (keeping someone signed in because a disk is full would be worse).
/// </remarks>
public sealed partial class AuditingSignInManager : SignInManager<ApplicationUser>
{
    private readonly LoginAuditRecorder recorder;
    private readonly UnknownUserPasswordCheck unknownUserCheck;
    private readonly IUserConfirmation<ApplicationUser> confirmation;
    private readonly IOptionsMonitor<CookieAuthenticationOptions> cookieOptions;
    private readonly TimeProvider clock;
    private readonly LockoutEscalation lockoutEscalation;
    private readonly DeviceCookies deviceCookies;
    private readonly ILogger<AuditingSignInManager> auditLogger;

    private SignInMethod? currentMethod;
    private string? currentPasskey;
    private PasskeyRefusal? assertionRefusal;
    private bool refreshing;
    private string? refreshingSessionId;

    public AuditingSignInManager(
        UserManager<ApplicationUser> userManager,
        IHttpContextAccessor contextAccessor,
        IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
        IOptions<IdentityOptions> optionsAccessor,
        ILogger<SignInManager<ApplicationUser>> logger,
        IAuthenticationSchemeProvider schemes,
        IUserConfirmation<ApplicationUser> confirmation,
        LoginAuditRecorder recorder,
        UnknownUserPasswordCheck unknownUserCheck,
        IOptionsMonitor<CookieAuthenticationOptions> cookieOptions,
        TimeProvider clock,
        LockoutEscalation lockoutEscalation,
        DeviceCookies deviceCookies,
        ILogger<AuditingSignInManager> auditLogger)
        : base(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
    {
        this.recorder = recorder;
        this.unknownUserCheck = unknownUserCheck;
        this.confirmation = confirmation;
        this.cookieOptions = cookieOptions;
        this.clock = clock;
        this.lockoutEscalation = lockoutEscalation;
        this.deviceCookies = deviceCookies;
        this.auditLogger = auditLogger;
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            unknownUserCheck.Verify(UserManager.PasswordHasher, password);
            await recorder.RecordAsync(AuditEvent.Failure(LoginFailureReason.UnknownUser, SignInMethod.Password) with { UserName = userName });
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <remarks>Lockout on failure is always on, whatever the caller passes: see README, "Lockout".</remarks>
    public override async Task<SignInResult> PasswordSignInAsync(ApplicationUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var wasLockedOut = await UserManager.IsLockedOutAsync(user);
        var result = await WithMethodAsync(SignInMethod.Password, () => base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true));
        await RecordUnlessSucceededAsync(user, result, wasLockedOut, SignInMethod.Password, LoginFailureReason.InvalidPassword);
        return result;
    }

    public override Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient) =>
        SecondFactorAsync(SignInMethod.Authenticator, LoginFailureReason.InvalidTwoFactorCode,
            () => base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient));

    public override Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode) =>
        SecondFactorAsync(SignInMethod.RecoveryCode, LoginFailureReason.InvalidRecoveryCode,
            () => base.TwoFactorRecoveryCodeSignInAsync(recoveryCode));

    public override Task<SignInResult> TwoFactorSignInAsync(string provider, string code, bool isPersistent, bool rememberClient) =>
        SecondFactorAsync(SignInMethod.TwoFactorToken, LoginFailureReason.InvalidTwoFactorCode,
            () => base.TwoFactorSignInAsync(provider, code, isPersistent, rememberClient));

    public override async Task<SignInResult> ExternalLoginSignInAsync(string loginProvider, string providerKey, bool isPersistent, bool bypassTwoFactor)
    {
        var user = await UserManager.FindByLoginAsync(loginProvider, providerKey);
        var wasLockedOut = user is not null && await UserManager.IsLockedOutAsync(user);
        var result = await WithMethodAsync(SignInMethod.External, () => base.ExternalLoginSignInAsync(loginProvider, providerKey, isPersistent, bypassTwoFactor));
        if (user is null)
        {
            await recorder.RecordAsync(AuditEvent.Failure(LoginFailureReason.ExternalLoginNotLinked, SignInMethod.External) with { ErrorCode = loginProvider });
        }
        else
        {
            await RecordUnlessSucceededAsync(user, result, wasLockedOut, SignInMethod.External, LoginFailureReason.ExternalLoginNotLinked);
        }

        return result;
    }

    /// <summary>
    /// A passkey sign-in, audited like a password one: success opens a session (<see cref="SignInMethod.Passkey"/>,
    /// with the passkey's <see cref="PasskeyReference"/>); every refusal writes a row under
    /// <see cref="LoginFailureReason.InvalidPasskey"/>, or the lockout reason when the account is locked.
    /// </summary>
    /// <remarks>
    /// A refused assertion for a known account counts toward its lockout as a wrong password does (README, "Passkeys").
    /// The credential JSON is read here only to know whose attempt it is; it is never stored or logged.
    /// </remarks>
    public override async Task<SignInResult> PasskeySignInAsync(string credentialJson)
    {
        var (credential, unreadable) = PasskeyCredential.Read(credentialJson);
        if (credential is null)
        {
            await recorder.RecordAsync(AuditEvent.Failure(LoginFailureReason.InvalidPasskey, SignInMethod.Passkey) with { ErrorCode = unreadable.ToString() });
            return SignInResult.Failed;
        }

        var owner = await UserManager.FindByPasskeyIdAsync(credential.CredentialId);
        var user = owner ?? (credential.ClaimedUserId is { } claimed ? await UserManager.FindByIdAsync(claimed) : null);
        var wasLockedOut = user is not null && await UserManager.IsLockedOutAsync(user);
        var reference = PasskeyReference.For(credential.CredentialId);
        SignInResult result;
        assertionRefusal = null;
        currentPasskey = reference;
        try
        {
            result = await WithMethodAsync(SignInMethod.Passkey, () => base.PasskeySignInAsync(credentialJson));
        }
        finally
        {
            currentPasskey = null;
        }

        var refusal = assertionRefusal == PasskeyRefusal.AssertionRejected && owner is null ? PasskeyRefusal.UnknownCredential : assertionRefusal;
        var errorCode = refusal is null ? reference : $"{refusal};{reference}";
        if (user is null)
        {
            await recorder.RecordAsync(AuditEvent.Failure(LoginFailureReason.InvalidPasskey, SignInMethod.Passkey) with { ErrorCode = errorCode });
            return result;
        }

        if (result is { Succeeded: false, IsLockedOut: false, IsNotAllowed: false })
        {
            result = await CountPasskeyFailureAsync(user, wasLockedOut, refusal);
        }

        await RecordUnlessSucceededAsync(user, result, wasLockedOut, SignInMethod.Passkey, LoginFailureReason.InvalidPasskey, errorCode);
        return result;
    }

    /// <summary>Identity's assertion, with how it was refused kept for the audit row.</summary>
    public override async Task<PasskeyAssertionResult<ApplicationUser>> PerformPasskeyAssertionAsync(string credentialJson)
    {
        try
        {
            var result = await base.PerformPasskeyAssertionAsync(credentialJson);
            if (!result.Succeeded)
            {
                assertionRefusal = PasskeyRefusal.AssertionRejected;
                LogPasskeyAssertionRejected(result.Failure.Message);
            }

            return result;
        }
        catch (InvalidOperationException exception)
        {
            // Identity throws when this browser began no passkey sign-in (no challenge in its cookie): a refusal, not an error.
            assertionRefusal = PasskeyRefusal.NoChallenge;
            return PasskeyAssertionResult.Fail<ApplicationUser>(new PasskeyException(exception.Message));
        }
    }

    /// <summary>Every new session passes here (password, second factor, external, or a direct sign-in after registration).</summary>
    public override async Task SignInWithClaimsAsync(ApplicationUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        if (refreshing)
        {
            // A refresh re-issues the cookie of the same session (after a password change, for example): no new sign-in.
            var kept = refreshingSessionId is null ? additionalClaims : additionalClaims.Append(SessionClaims.ToClaim(refreshingSessionId));
            await base.SignInWithClaimsAsync(user, authenticationProperties, kept);
            return;
        }

        var sessionId = SessionClaims.NewSessionId();
        var expiresAt = authenticationProperties?.ExpiresUtc
            ?? clock.GetUtcNow() + cookieOptions.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan;
        await recorder.RecordSessionStartAsync(
            new AuditEvent(LoginEventType.SignInSucceeded)
            {
                UserId = user.Id,
                UserName = user.UserName,
                SignInMethod = currentMethod ?? SignInMethod.Direct,
                ErrorCode = currentPasskey,
                SessionId = sessionId,
            },
            expiresAt.UtcDateTime);
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims.Append(SessionClaims.ToClaim(sessionId)));
        deviceCookies.Issue(Context, user.UserName);
    }

    public override async Task RefreshSignInAsync(ApplicationUser user)
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        refreshing = true;
        refreshingSessionId = SessionClaims.FindSessionId(current.Principal);
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            refreshing = false;
            refreshingSessionId = null;
        }
    }

    public override async Task SignOutAsync()
    {
        // Security-stamp rejection signs out too, while the request has no user yet;
        // SessionCookieEvents records that one as SessionRevoked.
        var principal = Context.User;
        if (principal.Identity?.IsAuthenticated == true)
        {
            try
            {
                await recorder.RecordSessionEndAsync(new AuditEvent(LoginEventType.SignedOut)
                {
                    UserId = UserManager.GetUserId(principal),
                    UserName = principal.Identity.Name,
                    SessionId = SessionClaims.FindSessionId(principal),
                });
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSignOutNotAudited(exception, UserManager.GetUserId(principal));
            }
        }

        await base.SignOutAsync();
    }

    private async Task<SignInResult> SecondFactorAsync(SignInMethod method, LoginFailureReason wrongCode, Func<Task<SignInResult>> signIn)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var wasLockedOut = user is not null && await UserManager.IsLockedOutAsync(user);
        var result = await WithMethodAsync(method, signIn);
        if (user is null)
        {
            // No pending two-factor sign-in (the cookie expired or was never issued): still an attempt.
            await recorder.RecordAsync(AuditEvent.Failure(wrongCode, method) with { ErrorCode = "NoPendingTwoFactorSignIn" });
        }
        else
        {
            await RecordUnlessSucceededAsync(user, result, wasLockedOut, method, wrongCode);
        }

        return result;
    }

    private async Task<SignInResult> WithMethodAsync(SignInMethod method, Func<Task<SignInResult>> signIn)
    {
        currentMethod = method;
        try
        {
            return await signIn();
        }
        finally
        {
            currentMethod = null;
        }
    }

    /// <summary>
    /// A refused passkey for a known account is handled as a wrong password: refused as locked while the account
    /// is locked, otherwise counted toward lockout. Refusals before any credential check (no challenge) are not counted.
    /// </summary>
    private async Task<SignInResult> CountPasskeyFailureAsync(ApplicationUser user, bool wasLockedOut, PasskeyRefusal? refusal)
    {
        if (wasLockedOut)
        {
            return SignInResult.LockedOut;
        }

        if (refusal is PasskeyRefusal.AssertionRejected or PasskeyRefusal.UnknownCredential && UserManager.SupportsUserLockout)
        {
            await UserManager.AccessFailedAsync(user);
            if (await UserManager.IsLockedOutAsync(user))
            {
                return SignInResult.LockedOut;
            }
        }

        return SignInResult.Failed;
    }

    private async Task RecordUnlessSucceededAsync(ApplicationUser user, SignInResult result, bool wasLockedOut, SignInMethod method, LoginFailureReason otherwise, string? otherwiseCode = null)
    {
        if (result.Succeeded)
        {
            return;
        }

        var auditEvent = result switch
        {
            { RequiresTwoFactor: true } => new AuditEvent(LoginEventType.TwoFactorRequired) { SignInMethod = method },
            { IsLockedOut: true } => new AuditEvent(wasLockedOut ? LoginEventType.SignInFailed : LoginEventType.LockedOut)
            {
                FailureReason = LoginFailureReason.LockedOut,
                SignInMethod = method,
            },
            { IsNotAllowed: true } => AuditEvent.Failure(LoginFailureReason.NotAllowed, method) with { ErrorCode = await NotAllowedCodeAsync(user) },
            _ => AuditEvent.Failure(otherwise, method) with { ErrorCode = otherwiseCode },
        };

        // Counted before this lockout's own row is written: the n-th lockout of the day lasts 2^(n-1) times the base.
        var lockoutDuration = auditEvent.EventType == LoginEventType.LockedOut ? await lockoutEscalation.NextDurationAsync(user.Id) : (TimeSpan?)null;
        await recorder.RecordAsync(auditEvent with { UserId = user.Id, UserName = user.UserName });
        if (lockoutDuration is { } duration)
        {
            await UserManager.SetLockoutEndDateAsync(user, clock.GetUtcNow() + duration);
        }
    }

    private async Task<string> NotAllowedCodeAsync(ApplicationUser user)
    {
        if (Options.SignIn.RequireConfirmedEmail && !await UserManager.IsEmailConfirmedAsync(user))
        {
            return "EmailNotConfirmed";
        }

        if (Options.SignIn.RequireConfirmedPhoneNumber && !await UserManager.IsPhoneNumberConfirmedAsync(user))
        {
            return "PhoneNumberNotConfirmed";
        }

        if (Options.SignIn.RequireConfirmedAccount && !await confirmation.IsConfirmedAsync(UserManager, user))
        {
            return "AccountNotConfirmed";
        }

        return "NotAllowed";
    }

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "A passkey assertion was refused: {Reason}")]
    private partial void LogPasskeyAssertionRejected(string reason);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "The sign-out of user {UserId} could not be audited; the user is signed out anyway.")]
    private partial void LogSignOutNotAudited(Exception exception, string? userId);
}
