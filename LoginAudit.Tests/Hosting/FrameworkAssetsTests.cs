using System.Net;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Hosting;

/// <summary>The interactive render mode needs the framework's own script, which net10.0 serves from its asset pack.</summary>
public sealed class FrameworkAssetsTests : AppTest
{
    [Fact]
    public async Task BlazorWebScript_Anonymous_IsServedAsJavaScript()
    {
        var response = await App.CreateBrowser().GetAsync("/_framework/blazor.web.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }
}
