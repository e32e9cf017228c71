using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Auditing;

/// <summary>
/// No external provider is configured in this deployment, so the manager is driven directly, in a request
/// scope of the real app, as an external-login callback page would drive it.
/// </summary>
public sealed class ExternalLoginAuditTests : AppTest
{
    [Fact]
    public async Task ExternalLogin_NotLinkedToAnyAccount_WritesExternalLoginNotLinked()
    {
        var result = await SignInExternallyAsync("Contoso", "key-1");

        Assert.False(result.Succeeded);
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginFailureReason.ExternalLoginNotLinked, row.FailureReason);
        Assert.Equal(SignInMethod.External, row.SignInMethod);
        Assert.Equal("Contoso", row.ErrorCode);
        Assert.Null(row.UserId);
    }

    [Fact]
    public async Task ExternalLogin_Linked_WritesOneExternalSignInWithASession()
    {
        var user = await App.CreateUserAsync("judy@example.com");
        await App.WithUsersAsync(async users => await users.AddLoginAsync((await users.FindByIdAsync(user.Id))!, new UserLoginInfo("Contoso", "key-2", "Contoso")));

        var result = await SignInExternallyAsync("Contoso", "key-2");

        Assert.True(result.Succeeded);
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
        Assert.Equal(SignInMethod.External, row.SignInMethod);
        Assert.Equal(user.Id, row.UserId);
        Assert.NotNull(row.SessionId);
    }

    private async Task<SignInResult> SignInExternallyAsync(string provider, string key)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = context;
        var signInManager = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        return await signInManager.ExternalLoginSignInAsync(provider, key, isPersistent: false, bypassTwoFactor: false);
    }
}
