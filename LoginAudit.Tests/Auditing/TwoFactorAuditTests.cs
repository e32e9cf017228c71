using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Auditing;

public sealed class TwoFactorAuditTests : AppTest
{
    private const string Email = "carol@example.com";
    private string authenticatorKey = "";
    private string[] recoveryCodes = [];

    public override async Task InitializeAsync()
    {
        var user = await App.CreateUserAsync(Email);
        (authenticatorKey, recoveryCodes) = await App.WithUsersAsync(async users =>
        {
            var stored = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(stored);
            await users.SetTwoFactorEnabledAsync(stored, true);
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(stored, 2);
            return ((await users.GetAuthenticatorKeyAsync(stored))!, codes!.ToArray());
        });
    }

    [Fact]
    public async Task Password_WhenTwoFactorIsOn_WritesTwoFactorRequiredAndNoSession()
    {
        var response = await App.CreateBrowser().SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Contains("/Account/LoginWith2fa", response.Headers.Location?.ToString());
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginEventType.TwoFactorRequired, row.EventType);
        Assert.True(row.Succeeded);
        Assert.Null(row.SessionId);
    }

    [Fact]
    public async Task AuthenticatorCode_WrongThenRight_WritesRejectedThenSucceededWithASession()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        await browser.SubmitFormAsync("/Account/LoginWith2fa", new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" });
        await browser.SubmitFormAsync("/Account/LoginWith2fa", new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = Totp.Code(authenticatorKey, DateTimeOffset.UtcNow),
        });

        var rows = await App.LoginLogsAsync();
        Assert.Equal(
            [LoginEventType.TwoFactorRequired, LoginEventType.SignInFailed, LoginEventType.SignInSucceeded],
            rows.Select(row => row.EventType));
        Assert.Equal(LoginFailureReason.InvalidTwoFactorCode, rows[1].FailureReason);
        Assert.Equal(SignInMethod.Authenticator, rows[2].SignInMethod);
        Assert.NotNull(rows[2].SessionId);
        Assert.All(rows, row => Assert.Equal(rows[0].UserId, row.UserId));
    }

    [Fact]
    public async Task RecoveryCode_WrongThenRight_WritesRejectedThenSucceeded()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        await browser.SubmitFormAsync("/Account/LoginWithRecoveryCode", new Dictionary<string, string> { ["Input.RecoveryCode"] = "not-a-code" });
        await browser.SubmitFormAsync("/Account/LoginWithRecoveryCode", new Dictionary<string, string> { ["Input.RecoveryCode"] = recoveryCodes[0] });

        var rows = await App.LoginLogsAsync();
        Assert.Equal(
            [LoginEventType.TwoFactorRequired, LoginEventType.SignInFailed, LoginEventType.SignInSucceeded],
            rows.Select(row => row.EventType));
        Assert.Equal(LoginFailureReason.InvalidRecoveryCode, rows[1].FailureReason);
        Assert.Equal(SignInMethod.RecoveryCode, rows[2].SignInMethod);
    }
}
