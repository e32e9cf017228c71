using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Auditing;

public sealed class NotAllowedAuditTests() : AppTest(settings => settings["LoginAudit:RequireConfirmedAccount"] = "true")
{
    [Fact]
    public async Task SignIn_UnconfirmedAccount_WritesNotAllowedWithItsRule()
    {
        await App.CreateUserAsync("dave@example.com", emailConfirmed: false);

        await App.CreateBrowser().SignInAsync("dave@example.com", LoginAuditAppFactory.UserPassword);

        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginEventType.SignInFailed, row.EventType);
        Assert.Equal(LoginFailureReason.NotAllowed, row.FailureReason);
        Assert.Equal("AccountNotConfirmed", row.ErrorCode);
        Assert.NotNull(row.UserId);
    }
}
