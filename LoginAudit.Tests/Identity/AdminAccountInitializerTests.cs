using LoginAudit.Data.Identity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Tests.Identity;

public sealed class AdminAccountInitializerTests
{
    [Fact]
    public async Task Start_WithAdminConfigured_CreatesTheAccountInTheAdminRole()
    {
        await using var app = new LoginAuditAppFactory();

        var (exists, isAdmin, confirmed) = await app.WithUsersAsync(async users =>
        {
            var admin = await users.FindByEmailAsync(LoginAuditAppFactory.AdminEmail);
            return (admin is not null, admin is not null && await users.IsInRoleAsync(admin, AdminAccountInitializer.AdminRole), admin?.EmailConfirmed == true);
        });

        Assert.True(exists && isAdmin && confirmed);
    }

    [Fact]
    public async Task Start_WithoutAdminConfigured_StartsAndLogsHowToCreateOne()
    {
        await using var app = new LoginAuditAppFactory(settings =>
        {
            settings["LoginAudit:Admin:Email"] = null;
            settings["LoginAudit:Admin:Password"] = null;
        });

        var response = await app.CreateClient().GetAsync("/");

        Assert.True(response.IsSuccessStatusCode);
        Assert.Contains(app.Logs.GetSnapshot(), record => record.Message.Contains("LoginAudit__Admin__Email") && record.Message.Contains("LoginAudit__Admin__Password"));
    }
}
