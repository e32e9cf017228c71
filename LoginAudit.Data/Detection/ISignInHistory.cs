using LoginAudit.Data.UserAgents;

namespace LoginAudit.Data.Detection;

/// <summary>
/// What <see cref="SuspiciousSignInDetector"/> reads of the rows already written: a few indexed reads, each stopping
/// as soon as it knows enough. The audit writer answers them inside its write transaction, so rows written just
/// before in the same group count too.
/// </summary>
public interface ISignInHistory
{
    /// <summary>Failed attempts (<c>SignInFailed</c>, <c>LockedOut</c>) on the account since a time, counted up to <paramref name="stopAt"/>.</summary>
    Task<int> CountFailuresAsync(string userId, DateTime sinceUtc, int stopAt);

    /// <summary>The account's newest successful sign-ins, newest first.</summary>
    Task<IReadOnlyList<PreviousSignIn>> RecentSignInsAsync(string userId, int count);

    /// <summary>
    /// Distinct user names (compared lower-cased) other than <paramref name="userName"/> that failed from the address
    /// since a time, counted up to <paramref name="stopAt"/>.
    /// </summary>
    Task<int> CountOtherNamesFailedAsync(string ipAddress, string userName, DateTime sinceUtc, int stopAt);
}

public sealed record PreviousSignIn(
    string? Browser, string? Os, DeviceType DeviceType, string? CountryCode, string? City, double? Latitude, double? Longitude, DateTime CreatedAt);
