using LoginAudit.Data.UserAgents;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.UserAgents;

public sealed class UserAgentServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLoginAuditUserAgents_Resolved_IsOneSharedUapCoreParser()
    {
        using var services = new ServiceCollection().AddLoginAuditUserAgents().BuildServiceProvider();

        var first = services.GetRequiredService<IUserAgentParser>();
        using var scope = services.CreateScope();
        var second = scope.ServiceProvider.GetRequiredService<IUserAgentParser>();

        Assert.IsType<UapCoreUserAgentParser>(first);
        Assert.Same(first, second);
        Assert.Equal("Chrome", first.Parse("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36").Browser.Family);
    }
}
