using Microsoft.Extensions.Options;

namespace LoginAudit.Web.Circuits;

/// <summary>Each wrong value of <c>LoginAudit:Circuits</c> in a sentence that names its key; the app does not start with one.</summary>
public sealed class CircuitLimitsValidator : IValidateOptions<CircuitLimits>
{
    public ValidateOptionsResult Validate(string? name, CircuitLimits options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Errors(CircuitLimits options)
    {
        const string key = CircuitLimits.SectionName;
        if (options.DisconnectedMaxRetained is < 0 or > 10_000)
        {
            yield return $"{key}:DisconnectedMaxRetained must be between 0 and 10000 (it was {options.DisconnectedMaxRetained}), for example 50.";
        }

        if (options.DisconnectedRetentionPeriod < TimeSpan.FromSeconds(1) || options.DisconnectedRetentionPeriod > TimeSpan.FromHours(1))
        {
            yield return $"{key}:DisconnectedRetentionPeriod must be between 00:00:01 and 01:00:00 (it was {options.DisconnectedRetentionPeriod}), for example 00:01:00.";
        }

        if (options.MaxBufferedUnacknowledgedRenderBatches is < 1 or > 100)
        {
            yield return $"{key}:MaxBufferedUnacknowledgedRenderBatches must be between 1 and 100 (it was {options.MaxBufferedUnacknowledgedRenderBatches}), for example 5.";
        }

        if (options.JSInteropCallTimeout < TimeSpan.FromSeconds(1) || options.JSInteropCallTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{key}:JSInteropCallTimeout must be between 00:00:01 and 00:10:00 (it was {options.JSInteropCallTimeout}), for example 00:00:30.";
        }

        if (options.MaximumReceiveMessageSize is < 1024 or > 1024 * 1024)
        {
            yield return $"{key}:MaximumReceiveMessageSize must be between 1024 and 1048576 bytes (it was {options.MaximumReceiveMessageSize}), for example 32768.";
        }

        if (options.PersistedMaxRetained is < 0 or > 10_000)
        {
            yield return $"{key}:PersistedMaxRetained must be between 0 and 10000 (it was {options.PersistedMaxRetained}), for example 100.";
        }

        if (options.PersistedRetentionPeriod < TimeSpan.FromSeconds(1) || options.PersistedRetentionPeriod > TimeSpan.FromDays(1))
        {
            yield return $"{key}:PersistedRetentionPeriod must be between 00:00:01 and 1.00:00:00 (it was {options.PersistedRetentionPeriod}), for example 00:10:00.";
        }
    }
}
