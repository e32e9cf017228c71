using Microsoft.AspNetCore.Components.Forms;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// Gives <c>&lt;AntiforgeryToken /&gt;</c> (in EditForm and in forms like the NavMenu's logout)
/// a fixed token; the real provider needs an HTTP request.
/// </summary>
public sealed class TestAntiforgeryStateProvider : AntiforgeryStateProvider
{
    public const string FormFieldName = "__RequestVerificationToken";
    public const string Token = "test-antiforgery-token";

    public override AntiforgeryRequestToken? GetAntiforgeryToken() => new(Token, FormFieldName);
}
