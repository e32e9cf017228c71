using Microsoft.Extensions.Options;

namespace LoginAudit.Data;

/// <summary>Checked at start: a wrong setting stops the app with a sentence naming the key.</summary>
internal sealed class LoginAuditOptionsValidator : IValidateOptions<LoginAuditOptions>
{
    public ValidateOptionsResult Validate(string? name, LoginAuditOptions options)
    {
        var failures = LoginAuditOptionsValidation.Validate(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
