using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Alerts;

/// <summary>
/// The default e-mail sender: each message becomes an RFC 5322 .eml file in
/// <c>LoginAudit:Alerts:PickupDirectory</c>, for a mail relay's pickup folder or to read by hand. This
/// deployment has no SMTP server; another <see cref="IEmailSender"/> registered first replaces this one.
/// </summary>
public sealed class PickupDirectoryEmailSender(IOptions<LoginAuditOptions> options, TimeProvider clock) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var directory = Directory(options.Value.Alerts);
        if (directory is null)
        {
            return;
        }

        System.IO.Directory.CreateDirectory(directory);
        var now = clock.GetUtcNow();
        var message = new StringBuilder()
            .Append("From: LoginAudit <no-reply@loginaudit.invalid>\r\n")
            .Append("To: ").Append(HeaderValue(email)).Append("\r\n")
            .Append("Subject: ").Append(HeaderValue(subject)).Append("\r\n")
            .Append("Date: ").Append(now.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/html; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: base64\r\n\r\n")
            .Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(htmlMessage), Base64FormattingOptions.InsertLineBreaks))
            .Append("\r\n")
            .ToString();

        // Written under a temporary name and renamed, so that a relay watching the folder never reads half a message.
        var name = $"{now:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(directory, name + ".tmp");
        await File.WriteAllTextAsync(temporary, message, Encoding.ASCII);
        File.Move(temporary, Path.Combine(directory, name + ".eml"));
    }

    /// <summary>The pickup folder, absolute; null when e-mail is switched off.</summary>
    public static string? Directory(AlertSettings settings) =>
        string.IsNullOrWhiteSpace(settings.PickupDirectory) ? null : Path.Combine(AppContext.BaseDirectory, settings.PickupDirectory);

    /// <summary>Header values are one line of ASCII; anything else is encoded (RFC 2047), so no header can be injected.</summary>
    private static string HeaderValue(string value) =>
        value.All(character => character is >= ' ' and <= '~')
            ? value
            : $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}?=";
}
