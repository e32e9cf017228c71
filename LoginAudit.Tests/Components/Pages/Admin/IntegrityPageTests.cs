using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Tests.ComponentTesting;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using IntegrityPage = LoginAudit.Web.Components.Pages.Admin.Integrity;

namespace LoginAudit.Tests.Components.Pages.Admin;

public sealed class IntegrityPageTests : ComponentTestContext, IAsyncLifetime
{
    private TemporaryDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(
            LoginLogSeed.Log(LoginEventType.SignInSucceeded, LoginLogSeed.Now, userName: "ada@example.com"),
            LoginLogSeed.Log(LoginEventType.SignedOut, LoginLogSeed.Now.AddHours(1), userName: "ada@example.com"),
            LoginLogSeed.Log(LoginEventType.SignInFailed, LoginLogSeed.Now.AddHours(2), userName: "eve@example.com", reason: LoginFailureReason.UnknownUser));
        await new ChainSealer(database, TimeProvider.System).SealAsync();
        Services.AddSingleton(new ChainVerifier(database));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task VerifyNow_IntactChain_SaysSoInWords()
    {
        var page = Render<IntegrityPage>();
        Assert.Empty(page.FindAll(".verify-result"));

        await page.Find("button.verify-now").ClickAsync();

        page.WaitForAssertion(() => Assert.Contains("The audit log is intact. The chain holds: 3 rows verified.", page.Find(".verify-result").TextContent));
    }

    [Fact]
    public async Task VerifyNow_EditedRow_NamesTheRowAndWhatHappened()
    {
        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE login_logs SET user_name = 'mallory@example.com' WHERE id = 2");
        }

        var page = Render<IntegrityPage>();
        await page.Find("button.verify-now").ClickAsync();

        page.WaitForAssertion(() => Assert.Contains("tampered with at row 2 (a row was edited)", page.Find(".verify-result").TextContent));
    }
}
