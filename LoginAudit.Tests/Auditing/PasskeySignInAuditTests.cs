using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Auditing;

/// <summary>
/// Passkey sign-ins through the real pipeline (login form, Identity's passkey handler, the auditing sign-in
/// manager), answered by a software authenticator: each attempt writes exactly one row, and only a verified
/// assertion opens a session.
/// </summary>
public sealed class PasskeySignInAuditTests : AppTest
{
    private const string Email = "alice@example.com";
    private const string SessionCookie = ".AspNetCore.Identity.Application";

    private ApplicationUser user = default!;
    private SoftwarePasskey passkey = default!;

    public override async Task InitializeAsync()
    {
        user = await App.CreateUserAsync(Email);
        passkey = new SoftwarePasskey(user.Id);
        await App.WithUsersAsync(async users => await users.AddOrUpdatePasskeyAsync((await users.FindByIdAsync(user.Id))!, passkey.ToPasskeyInfo()));
    }

    [Fact]
    public async Task PasskeySignIn_ValidAssertion_WritesSucceededPasskeyRowAndOpensItsSession()
    {
        var response = await NewBrowser().PasskeySignInAsync(challenge => passkey.Assert(challenge));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(SetCookies(response), cookie => cookie.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
        var row = (await App.LoginLogsAsync())[^1];
        Assert.Equal((LoginEventType.SignInSucceeded, SignInMethod.Passkey, user.Id), (row.EventType, row.SignInMethod, row.UserId));
        Assert.Equal(PasskeyReference.For(passkey.CredentialId), row.ErrorCode);
        Assert.Matches("^[0-9a-f]{32}$", row.SessionId);
        Assert.Equal(row.SessionId, (await App.WithDatabaseAsync(db => db.LoginSessions.SingleAsync())).SessionId);
    }

    [Fact]
    public async Task PasskeySignIn_WrongOrigin_WritesAssertionRejectedAndOpensNoSession()
    {
        var response = await NewBrowser().PasskeySignInAsync(challenge => passkey.Assert(challenge, origin: "https://evil.example"));

        await AssertRefusedAsync(response, PasskeyRefusal.AssertionRejected, user.Id);
    }

    [Fact]
    public async Task PasskeySignIn_WithoutUserVerification_WritesAssertionRejected()
    {
        var response = await NewBrowser().PasskeySignInAsync(challenge => passkey.Assert(challenge, userVerified: false));

        await AssertRefusedAsync(response, PasskeyRefusal.AssertionRejected, user.Id);
    }

    [Fact]
    public async Task PasskeySignIn_ForgedSignature_WritesAssertionRejectedAndCountsTowardLockout()
    {
        var response = await NewBrowser().PasskeySignInAsync(challenge => passkey.Assert(challenge, forgeSignature: true));

        await AssertRefusedAsync(response, PasskeyRefusal.AssertionRejected, user.Id);
        Assert.Equal(1, await App.WithUsersAsync(async users => await users.GetAccessFailedCountAsync((await users.FindByIdAsync(user.Id))!)));
    }

    [Fact]
    public async Task PasskeySignIn_ReplayedAssertion_WritesNoChallengeAndOpensNoSecondSession()
    {
        var browser = NewBrowser();
        var credential = passkey.Assert(await browser.PasskeyChallengeAsync());
        await browser.SubmitPasskeyAsync(credential);
        await browser.SignOutAsync();

        var replay = await browser.SubmitPasskeyAsync(credential);

        await AssertRefusedAsync(replay, PasskeyRefusal.NoChallenge, user.Id);
        Assert.Single(await App.WithDatabaseAsync(db => db.LoginSessions.ToListAsync()));
    }

    [Fact]
    public async Task PasskeySignIn_ReplayedAssertionForANewChallenge_WritesAssertionRejected()
    {
        var browser = NewBrowser();
        var credential = passkey.Assert(await browser.PasskeyChallengeAsync());
        await browser.SubmitPasskeyAsync(credential);
        await browser.SignOutAsync();
        await browser.PasskeyChallengeAsync();

        var replay = await browser.SubmitPasskeyAsync(credential);

        await AssertRefusedAsync(replay, PasskeyRefusal.AssertionRejected, user.Id);
    }

    [Fact]
    public async Task PasskeySignIn_SignatureCounterNotAdvanced_WritesAssertionRejected()
    {
        var browser = NewBrowser();
        await browser.PasskeySignInAsync(challenge => passkey.Assert(challenge));
        var used = passkey.SignCount;
        await browser.SignOutAsync();

        var cloned = await browser.PasskeySignInAsync(challenge => passkey.Assert(challenge, signCount: used));

        await AssertRefusedAsync(cloned, PasskeyRefusal.AssertionRejected, user.Id);
    }

    [Fact]
    public async Task PasskeySignIn_RemovedPasskey_WritesUnknownCredentialForTheAccountItClaims()
    {
        await App.WithUsersAsync(async users => await users.RemovePasskeyAsync((await users.FindByIdAsync(user.Id))!, passkey.CredentialId));

        var response = await NewBrowser().PasskeySignInAsync(challenge => passkey.Assert(challenge));

        var row = await AssertRefusedAsync(response, PasskeyRefusal.UnknownCredential, user.Id);
        Assert.EndsWith(PasskeyReference.For(passkey.CredentialId), row.ErrorCode);
    }

    [Fact]
    public async Task PasskeySignIn_LockedOutAccount_WritesTheLockoutReasonEvenForAValidAssertion()
    {
        await App.WithUsersAsync(async users => await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id))!, DateTimeOffset.UtcNow.AddHours(1)));

        var response = await NewBrowser().PasskeySignInAsync(challenge => passkey.Assert(challenge));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/Account/Lockout", response.Headers.Location?.OriginalString);
        var row = (await App.LoginLogsAsync())[^1];
        Assert.Equal((LoginEventType.SignInFailed, LoginFailureReason.LockedOut, SignInMethod.Passkey), (row.EventType, row.FailureReason, row.SignInMethod));
        Assert.Empty(await App.WithDatabaseAsync(db => db.LoginSessions.ToListAsync()));
    }

    [Fact]
    public async Task PasskeySignIn_FifthRefusedAssertion_LocksTheAccountAsAFifthWrongPasswordDoes()
    {
        var browser = NewBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.PasskeySignInAsync(challenge => passkey.Assert(challenge, forgeSignature: true));
        }

        var rows = (await App.LoginLogsAsync()).Where(row => row.SignInMethod == SignInMethod.Passkey).ToList();
        Assert.Equal(LoginEventType.LockedOut, rows[^1].EventType);
        Assert.Equal(LoginFailureReason.LockedOut, rows[^1].FailureReason);
        Assert.True(await App.WithUsersAsync(async users => await users.IsLockedOutAsync((await users.FindByIdAsync(user.Id))!)));
    }

    [Fact]
    public async Task PasskeySignIn_MalformedCredentialJson_WritesMalformedCredentialWithoutAUser()
    {
        var response = await NewBrowser().SubmitPasskeyAsync("{\"id\": [1, 2, 3], \"response\": ");

        await AssertRefusedAsync(response, PasskeyRefusal.MalformedCredential, userId: null);
    }

    [Fact]
    public async Task PasskeySignIn_HugeCredentialJson_WritesCredentialTooLargeWithoutReadingIt()
    {
        var huge = passkey.Assert("AAAA")[..^1] + ",\"padding\":\"" + new string('x', 200_000) + "\"}";

        var response = await NewBrowser().SubmitPasskeyAsync(huge);

        await AssertRefusedAsync(response, PasskeyRefusal.CredentialTooLarge, userId: null);
    }

    [Fact]
    public async Task PasskeySignIn_WithoutAChallenge_WritesNoChallenge()
    {
        var response = await NewBrowser().SubmitPasskeyAsync(passkey.Assert("AAAA"));

        await AssertRefusedAsync(response, PasskeyRefusal.NoChallenge, user.Id);
    }

    [Fact]
    public async Task PasskeyChanges_AddRenameRemove_WriteOneRowEachWithThePasskeyReference()
    {
        using var second = new SoftwarePasskey(user.Id);
        await App.WithUsersAsync(async users =>
        {
            var account = (await users.FindByIdAsync(user.Id))!;
            await users.AddOrUpdatePasskeyAsync(account, second.ToPasskeyInfo());
            var stored = (await users.GetPasskeyAsync(account, second.CredentialId))!;
            stored.Name = "Work laptop";
            await users.AddOrUpdatePasskeyAsync(account, stored);
            return await users.RemovePasskeyAsync(account, second.CredentialId);
        });

        var rows = (await App.LoginLogsAsync()).Where(row => row.ErrorCode == PasskeyReference.For(second.CredentialId)).ToList();
        Assert.Equal([LoginEventType.PasskeyAdded, LoginEventType.PasskeyRenamed, LoginEventType.PasskeyRemoved], rows.Select(row => row.EventType));
        Assert.All(rows, row => Assert.Equal((user.Id, Email, true), (row.UserId, row.UserName, row.Succeeded)));
    }

    /// <summary>A browser client; like a browser it names the page's origin on every POST, which Identity compares with the assertion's.</summary>
    private HttpClient NewBrowser()
    {
        var browser = App.CreateBrowser();
        browser.DefaultRequestHeaders.Add("Origin", SoftwarePasskey.Origin);
        return browser;
    }

    public override async Task DisposeAsync()
    {
        passkey.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>The attempt was answered with the login page (no error page, no cookie), and its one row says why.</summary>
    private async Task<LoginLog> AssertRefusedAsync(HttpResponseMessage response, PasskeyRefusal refusal, string? userId)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid login attempt", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(SetCookies(response), cookie => cookie.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
        var row = (await App.LoginLogsAsync())[^1];
        Assert.Equal((LoginEventType.SignInFailed, LoginFailureReason.InvalidPasskey, SignInMethod.Passkey), (row.EventType, row.FailureReason, row.SignInMethod));
        // The refusal and at most the passkey's short reference: nothing of the credential itself.
        Assert.Matches($"^{refusal}(;passkey=[0-9a-f]{{8}})?$", row.ErrorCode);
        Assert.Equal(userId, row.UserId);
        Assert.Null(row.SessionId);
        return row;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];
}
