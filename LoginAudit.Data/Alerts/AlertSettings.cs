namespace LoginAudit.Data.Alerts;

/// <summary><c>LoginAudit:Alerts</c>: telling users about new-device and new-location sign-ins (README, "Alerts").</summary>
public sealed class AlertSettings
{
    /// <summary>Folder where alert e-mails are written as .eml files (relative: next to the application). Empty: no e-mail.</summary>
    public string? PickupDirectory { get; set; } = "mail";

    /// <summary>Receives each alert as signed JSON (POST). Empty: no webhook.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Key of the HMAC-SHA256 signature in <c>X-LoginAudit-Signature</c>; required with <see cref="WebhookUrl"/>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Alerts per user per hour at most (laravel-authentication-log: 3); further ones are dropped and logged.</summary>
    public int MaxPerUserPerHour { get; set; } = 3;

    /// <summary>Delivery attempts per channel, with the delay doubling from <see cref="RetryBaseDelay"/>.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    internal IEnumerable<string> Validate()
    {
        const string Key = "LoginAudit:Alerts";
        if (!string.IsNullOrWhiteSpace(WebhookUrl))
        {
            if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                yield return $"{Key}:WebhookUrl must be an absolute http or https URL.";
            }

            if (string.IsNullOrEmpty(WebhookSecret) || WebhookSecret.Length < 16)
            {
                yield return $"{Key}:WebhookSecret must be set, at least 16 characters, when {Key}:WebhookUrl is.";
            }
        }

        if (MaxPerUserPerHour < 1)
        {
            yield return $"{Key}:MaxPerUserPerHour must be at least 1.";
        }

        if (MaxAttempts is < 1 or > 20)
        {
            yield return $"{Key}:MaxAttempts must be between 1 and 20.";
        }

        if (RetryBaseDelay < TimeSpan.Zero)
        {
            yield return $"{Key}:RetryBaseDelay must not be negative.";
        }
    }
}
