using LoginAudit.Tests.ComponentTesting.TestComponents;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.ComponentTesting;

public sealed class ComponentTestContextTests : ComponentTestContext
{
    [Fact]
    public void Render_WithParameter_ShowsParameterValue()
    {
        var greeting = Render<Greeting>(p => p.Add(c => c.Name, "Ada"));

        Assert.Equal("Hello, Ada!", greeting.Find("h1").TextContent);
    }

    [Fact]
    public void Render_WithChildContentMarkup_ShowsChildContent()
    {
        var greeting = Render<Greeting>(p => p
            .Add(c => c.Name, "Ada")
            .Add(c => c.ChildContent, "<em>3 new sign-ins</em>"));

        Assert.Equal("3 new sign-ins", greeting.Find(".content em").TextContent);
    }

    [Fact]
    public void Render_WithNamedCascadingValue_ComponentReceivesIt()
    {
        var greeting = Render<Greeting>(p => p
            .Add(c => c.Name, "Ada")
            .AddCascadingValue("Section", "Security"));

        Assert.Equal("Section: Security", greeting.Find(".section").TextContent);
    }

    [Fact]
    public void Render_NonParameterProperty_ThrowsNamingTheProperty()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Render<ProfileFields>(p => p.Add(c => c.DisplayName, "Grace")));

        Assert.Contains("ProfileFields.DisplayName is not a [Parameter]", error.Message);
    }

    [Fact]
    public void Render_ComponentThrowsWhileInitialising_ExceptionReachesTheTest()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Render<Broken>());

        Assert.Equal("Broken failed to initialise", error.Message);
    }

    [Fact]
    public void Render_ComponentFailsAfterRender_ComponentExceptionReachesTheTest()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Render<BrokenAfterRender>());

        Assert.Equal("JavaScript set-up failed", error.Message);
    }

    [Fact]
    public void Markup_ParentWithChildComponents_ContainsChildrenMarkup()
    {
        var dashboard = Render<Dashboard>(p => p.Add(c => c.UserName, "Ada").Add(c => c.Alerts, 2));

        Assert.Equal(
            "<section class=\"dashboard\">" +
            "<h1>Hello, Ada!</h1><div class=\"content\">You have <strong>2</strong> alerts.</div>" +
            "<p class=\"count\">Count: 2</p><button class=\"increment\">+1</button></section>",
            NormalizeWhitespace(dashboard.Markup));
    }

    [Fact]
    public void Markup_ElementWithEventHandler_HasNoHandlerAttribute()
    {
        var counter = Render<Counter>();

        Assert.Contains("<button class=\"increment\">+1</button>", counter.Markup);
        Assert.DoesNotContain("blazor:", counter.Markup);
        Assert.False(counter.Find("button").HasAttribute("blazor:onclick"));
    }

    [Fact]
    public void SetParametersAndRender_NewValue_RendersItAndKeepsOtherParameters()
    {
        var greeting = Render<Greeting>(p => p.Add(c => c.Name, "Ada").Add(c => c.ChildContent, "hi"));

        greeting.SetParametersAndRender(p => p.Add(c => c.Name, "Grace"));

        Assert.Equal("Hello, Grace!", greeting.Find("h1").TextContent);
        Assert.Equal("hi", greeting.Find(".content").TextContent);
        Assert.Equal(2, greeting.RenderCount);
    }

    [Fact]
    public void RenderCount_AfterClick_CountsBothRenders()
    {
        var counter = Render<Counter>();

        counter.Find("button").Click();

        Assert.Equal(2, counter.RenderCount);
    }

    [Fact]
    public void EventCallbackParameter_ChildRaisesIt_TestHandlerReceivesArgument()
    {
        var reported = new List<int>();
        var counter = Render<Counter>(p => p.Add(c => c.Start, 5).Add(c => c.OnCountChanged, count => reported.Add(count)));

        counter.Find("button").Click();

        Assert.Equal([6], reported);
    }

    [Fact]
    public void FindComponent_ChildOfRenderedParent_ReturnsItsInstanceAndMarkup()
    {
        var dashboard = Render<Dashboard>(p => p.Add(c => c.UserName, "Ada").Add(c => c.Alerts, 4));

        var counter = dashboard.FindComponent<Counter>();

        Assert.Equal(4, counter.Instance.Start);
        Assert.Equal("Count: 4", counter.Find(".count").TextContent);
    }

    [Fact]
    public void Render_Fragment_RendersItsComponents()
    {
        var fragment = Render(builder =>
        {
            builder.OpenComponent<Greeting>(0);
            builder.AddComponentParameter(1, nameof(Greeting.Name), "Linus");
            builder.CloseComponent();
        });

        Assert.Equal("Hello, Linus!", fragment.Find("h1").TextContent);
    }

    [Fact]
    public void Find_NoMatch_ThrowsWithSelectorAndMarkup()
    {
        var greeting = Render<Greeting>(p => p.Add(c => c.Name, "Ada"));

        var error = Assert.Throws<ElementNotFoundException>(() => greeting.Find("table.sign-ins"));

        Assert.Contains("'table.sign-ins'", error.Message);
        Assert.Contains("<h1>Hello, Ada!</h1>", error.Message);
    }

    [Fact]
    public void FindAll_SeveralMatches_ReturnsThemInDocumentOrder()
    {
        var fields = Render<ProfileFields>();

        var options = fields.FindAll("option");

        Assert.Equal(["UTC", "Paris"], options.Select(option => option.TextContent));
    }

    [Fact]
    public void WaitForAssertion_AsyncInitialisation_SeesTheLaterRender()
    {
        var welcome = Render<DelayedWelcome>();

        welcome.WaitForAssertion(() => Assert.Equal("Welcome back", welcome.Find(".welcome").TextContent));
    }

    [Fact]
    public void WaitForAssertion_HandlerAwaitingTaskCompletionSource_SeesResultOnceCompleted()
    {
        var load = new TaskCompletionSource<string>();
        var loader = Render<AsyncLoader>(p => p.Add(c => c.Load, () => load.Task));

        loader.Find("button").Click();
        Assert.Equal("Loading…", loader.Find(".status").TextContent);

        load.SetResult("3 sign-ins loaded");
        loader.WaitForAssertion(() => Assert.Equal("3 sign-ins loaded", loader.Find(".status").TextContent));
    }

    [Fact]
    public void WaitForState_AsyncInitialisation_ReturnsOncePredicateHolds()
    {
        var welcome = Render<DelayedWelcome>();

        welcome.WaitForState(() => welcome.FindAll(".welcome").Count == 1);

        Assert.Empty(welcome.FindAll(".loading"));
    }

    [Fact]
    public void WaitForAssertion_NeverPasses_FailsWithLastMessageAndMarkup()
    {
        var counter = Render<Counter>();

        var error = Assert.Throws<WaitForFailedException>(() =>
            counter.WaitForAssertion(() => Assert.Equal("Count: 1", counter.Find(".count").TextContent), TimeSpan.FromMilliseconds(50)));

        Assert.Contains("Count: 0", error.Message);
        Assert.Contains("<button class=\"increment\">+1</button>", error.Message);
        Assert.IsType<Xunit.Sdk.EqualException>(error.InnerException);
    }

    [Fact]
    public void Services_AfterFirstRender_AreLocked()
    {
        Render<Counter>();

        Assert.Throws<InvalidOperationException>(() => Services.AddSingleton(new object()));
    }

    private static string NormalizeWhitespace(string markup) =>
        System.Text.RegularExpressions.Regex.Replace(markup, @">\s+<", "><").Trim();
}
