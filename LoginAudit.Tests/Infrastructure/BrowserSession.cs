using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>Fills and posts the app's statically rendered forms as a browser would: antiforgery token and form name included.</summary>
public static partial class BrowserSession
{
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string path, IDictionary<string, string> fields, string? formSelector = null)
    {
        var page = await client.GetAsync(path);
        Assert.True(page.IsSuccessStatusCode, $"GET {path} answered {(int)page.StatusCode}.");
        var html = await page.Content.ReadAsStringAsync();
        var document = new HtmlParser().ParseDocument(html);
        var form = (formSelector is null ? document.QuerySelector("form[method=post]") : document.QuerySelector(formSelector))
            ?? throw new InvalidOperationException($"No form on {path}:\n{html}");

        var values = HiddenFields(form);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? path : action;
        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, bool rememberMe = false) =>
        client.SubmitFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = rememberMe ? "true" : "false",
        });

    /// <summary>The sign-in form's fields as a browser would post them (antiforgery token and form name), to post many times.</summary>
    public static async Task<Dictionary<string, string>> SignInFieldsAsync(this HttpClient client, string email, string password)
    {
        var html = await client.GetStringAsync("/Account/Login");
        var form = new HtmlParser().ParseDocument(html).QuerySelector("form[method=post]")
            ?? throw new InvalidOperationException($"No form on /Account/Login:\n{html}");
        var fields = HiddenFields(form);
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return fields;
    }

    /// <summary>"Log in with a passkey" as the login page's script does it: a challenge, then the credential <paramref name="answer"/> makes for it.</summary>
    public static async Task<HttpResponseMessage> PasskeySignInAsync(this HttpClient client, Func<string, string> answer) =>
        await client.SubmitPasskeyAsync(answer(await client.PasskeyChallengeAsync()));

    /// <summary>Asks for passkey request options as the login page's script does (antiforgery header included); returns the challenge.</summary>
    public static async Task<string> PasskeyChallengeAsync(this HttpClient client)
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/Account/Login"));
        var submit = page.QuerySelector("passkey-submit") ?? throw new InvalidOperationException("The login page has no passkey button.");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/PasskeyRequestOptions");
        request.Headers.Add(submit.GetAttribute("request-token-name")!, submit.GetAttribute("request-token-value"));
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST /Account/PasskeyRequestOptions answered {(int)response.StatusCode}.");
        using var options = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return options.RootElement.GetProperty("challenge").GetString()!;
    }

    /// <summary>Posts the login form as "Log in with a passkey" does, with <paramref name="credentialJson"/> as the credential.</summary>
    public static Task<HttpResponseMessage> SubmitPasskeyAsync(this HttpClient client, string credentialJson) =>
        client.SubmitFormAsync("/Account/Login", new Dictionary<string, string> { ["Input.Passkey.CredentialJson"] = credentialJson });

    public static async Task<HttpResponseMessage> SignOutAsync(this HttpClient client, string returnUrl = "") =>
        await client.PostSignOutFormAsync(await client.GetStringAsync("/"), returnUrl);

    /// <summary>Posts the sign-out form found in <paramref name="page"/> (fetched by this client or another one).</summary>
    public static async Task<HttpResponseMessage> PostSignOutFormAsync(this HttpClient client, string page, string returnUrl = "")
    {
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "The start page has no sign-out form: is the client signed in?");
        return await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token.Groups[1].Value,
            ["ReturnUrl"] = returnUrl,
        }));
    }

    private static Dictionary<string, string> HiddenFields(AngleSharp.Dom.IElement form) =>
        form.QuerySelectorAll("input[type=hidden]")
            .Where(input => input.GetAttribute("name") is not null)
            .ToDictionary(input => input.GetAttribute("name")!, input => input.GetAttribute("value") ?? "");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
