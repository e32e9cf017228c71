using LoginAudit.Tests.ComponentTesting.TestComponents;

namespace LoginAudit.Tests.ComponentTesting;

public sealed class ElementEventTests : ComponentTestContext
{
    [Fact]
    public void Click_CounterButton_IncrementsShownCount()
    {
        var counter = Render<Counter>(p => p.Add(c => c.Start, 1));

        counter.Find("button").Click();
        counter.Find("button").Click();

        Assert.Equal("Count: 3", counter.Find(".count").TextContent);
    }

    [Fact]
    public void Click_ElementWithoutHandler_ThrowsNamingEventAndElement()
    {
        var counter = Render<Counter>();

        var error = Assert.Throws<MissingEventHandlerException>(() => counter.Find(".count").Click());

        Assert.Contains("<p> has no onclick handler", error.Message);
        Assert.Contains("Count: 0", error.Message);
    }

    [Fact]
    public void Click_StaleElementAfterRerender_StillWorksWhileHandlerIsKept()
    {
        var counter = Render<Counter>();
        var button = counter.Find("button");

        button.Click();
        button.Click();

        Assert.Equal("Count: 2", counter.Find(".count").TextContent);
    }

    [Fact]
    public void Click_ElementFoundBeforeRerender_ThrowsFindAgain()
    {
        var list = Render<RowList>();
        var buttons = list.FindAll("button");

        buttons[0].Click();
        var error = Assert.Throws<MissingEventHandlerException>(() => buttons[1].Click());

        Assert.Contains("Find the element again", error.Message);
        Assert.Equal(["Remove grace", "Remove linus"], list.FindAll("button").Select(button => button.TextContent));
    }

    [Fact]
    public void Change_TextInputWithBind_UpdatesModelAndMarkup()
    {
        var fields = Render<ProfileFields>();

        fields.Find("input.display-name").Change("Grace");

        Assert.Equal("Grace", fields.Instance.DisplayName);
        Assert.Equal("Grace", fields.Find("input.display-name").GetAttribute("value"));
        Assert.StartsWith("Grace |", fields.Find(".summary").TextContent);
    }

    [Fact]
    public void Input_InputBoundOnInput_UpdatesModelWhileTyping()
    {
        var fields = Render<ProfileFields>();

        fields.Find("input.search").Input("fail");

        Assert.Equal("fail", fields.Instance.Search);
        Assert.Contains("| fail |", fields.Find(".summary").TextContent);
    }

    [Fact]
    public void Input_InputBoundOnChange_HasNoInputHandler()
    {
        var fields = Render<ProfileFields>();

        Assert.Throws<MissingEventHandlerException>(() => fields.Find("input.display-name").Input("x"));
    }

    [Fact]
    public void Change_Checkbox_SetsBoolAndCheckedAttribute()
    {
        var fields = Render<ProfileFields>();

        fields.Find("input.subscribed").Change(true);

        Assert.True(fields.Instance.Subscribed);
        Assert.True(fields.Find("input.subscribed").HasAttribute("checked"));
    }

    [Fact]
    public void Change_NumberInputWithInt_ArrivesAsTextAndIsConverted()
    {
        var fields = Render<ProfileFields>();

        fields.Find("input.max-attempts").Change(7);

        Assert.Equal(7, fields.Instance.MaxAttempts);
        Assert.Equal("7", fields.Find("input.max-attempts").GetAttribute("value"));
    }

    [Fact]
    public void Markup_TextareaAndSelectWithBind_ShowValueAsBrowserWould()
    {
        var fields = Render<ProfileFields>();

        Assert.Equal("Writes programs.", fields.Find("textarea").TextContent);
        Assert.Equal("Paris", fields.Find("option[selected]").TextContent);
    }

    [Fact]
    public void Change_Select_SelectsNewOption()
    {
        var fields = Render<ProfileFields>();

        fields.Find("select").Change("UTC");

        Assert.Equal("UTC", fields.Instance.TimeZone);
        Assert.Equal("UTC", fields.Find("option[selected]").TextContent);
    }

    [Fact]
    public void Submit_EditFormWithValidEmail_RunsValidSubmitHandler()
    {
        var form = Render<SignInForm>();

        form.Find("input.email").Change("ada@example.com");
        form.Find("form").Submit();

        Assert.Equal("Signed in as ada@example.com", form.Find(".result").TextContent);
    }

    [Fact]
    public void Submit_EditFormWithInvalidEmail_ShowsValidationMessageOnly()
    {
        var form = Render<SignInForm>();

        form.Find("input.email").Change("not-an-email");
        form.Find("form").Submit();

        Assert.Equal("Enter a valid email.", form.Find(".validation-message").TextContent);
        Assert.Empty(form.FindAll(".result"));
    }

    [Fact]
    public void Click_SubmitButtonInEditForm_SubmitsTheForm()
    {
        var form = Render<SignInForm>();

        form.Find("button[type=submit]").Click();

        Assert.Equal("Enter your email.", form.Find(".validation-message").TextContent);
    }

    [Fact]
    public void KeyDown_WithCtrl_HandlerReceivesKeyAndModifier()
    {
        var logger = Render<KeyLogger>();

        logger.Find("input").KeyDown("Enter", ctrlKey: true);

        Assert.Equal("Ctrl+Enter", logger.Find(".last-key").TextContent);
    }

    [Fact]
    public async Task ClickAsync_AsyncHandler_CompletesAfterHandlerFinished()
    {
        var loader = Render<AsyncLoader>(p => p.Add(c => c.Load, async () =>
        {
            await Task.Delay(10);
            return "done";
        }));

        await loader.Find("button").ClickAsync();

        Assert.Equal("done", loader.Find(".status").TextContent);
    }

    [Fact]
    public void Click_HandlerThrows_ExceptionReachesTheTest()
    {
        var loader = Render<AsyncLoader>(p => p.Add(c => c.Load, () => throw new InvalidOperationException("database is down")));

        var error = Assert.Throws<InvalidOperationException>(() => loader.Find("button").Click());

        Assert.Equal("database is down", error.Message);
    }

    [Fact]
    public void WaitForAssertion_HandlerFailsLater_ReportsTheFailureInsteadOfTimingOut()
    {
        var load = new TaskCompletionSource<string>();
        var loader = Render<AsyncLoader>(p => p.Add(c => c.Load, () => load.Task));
        loader.Find("button").Click();

        load.SetException(new InvalidOperationException("database is down"));

        var error = Assert.Throws<InvalidOperationException>(() =>
            loader.WaitForAssertion(() => Assert.Equal("loaded", loader.Find(".status").TextContent)));
        Assert.Equal("database is down", error.Message);
    }
}
