using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;

namespace LoginAudit.Data.DemoData;

/// <summary>
/// <see cref="ISignInHistory"/> over the demo rows generated so far, in memory, answering exactly what
/// <see cref="AuditStore"/>'s queries answer over the table (the same filters, bounds and order), so that
/// <see cref="SignInSignals"/> flags each demo row as it would have flagged it when written.
/// </summary>
internal sealed class DemoSignInHistory : ISignInHistory
{
    private readonly Dictionary<string, List<long>> failuresByUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PreviousSignIn>> signInsByUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(long Ticks, string Name)>> failuresByAddress = new(StringComparer.Ordinal);

    /// <summary>Adds a written row; rows come in write (and time) order.</summary>
    public void Add(LoginLog row)
    {
        if (row.EventType is LoginEventType.SignInFailed or LoginEventType.LockedOut)
        {
            if (row.UserId is not null)
            {
                ListOf(failuresByUser, row.UserId).Add(row.CreatedAt.Ticks);
            }

            if (row.IpAddress is not null && row.UserName is not null)
            {
                ListOf(failuresByAddress, row.IpAddress).Add((row.CreatedAt.Ticks, row.UserName.ToLowerInvariant()));
            }
        }
        else if (row.EventType == LoginEventType.SignInSucceeded && row.UserId is not null)
        {
            ListOf(signInsByUser, row.UserId).Add(new PreviousSignIn(
                row.Browser, row.Os, row.DeviceType, row.CountryCode, row.City, row.Latitude, row.Longitude, row.CreatedAt));
        }
    }

    public Task<int> CountFailuresAsync(string userId, DateTime sinceUtc, int stopAt)
    {
        if (!failuresByUser.TryGetValue(userId, out var ticks))
        {
            return Task.FromResult(0);
        }

        var count = 0;
        for (var i = ticks.Count - 1; i >= 0 && ticks[i] >= sinceUtc.Ticks && count < stopAt; i--)
        {
            count++;
        }

        return Task.FromResult(count);
    }

    public Task<IReadOnlyList<PreviousSignIn>> RecentSignInsAsync(string userId, int count)
    {
        if (!signInsByUser.TryGetValue(userId, out var signIns))
        {
            return Task.FromResult<IReadOnlyList<PreviousSignIn>>([]);
        }

        var newest = new List<PreviousSignIn>(Math.Min(count, signIns.Count));
        for (var i = signIns.Count - 1; i >= 0 && newest.Count < count; i--)
        {
            newest.Add(signIns[i]);
        }

        return Task.FromResult<IReadOnlyList<PreviousSignIn>>(newest);
    }

    public Task<int> CountOtherNamesFailedAsync(string ipAddress, string userName, DateTime sinceUtc, int stopAt)
    {
        if (!failuresByAddress.TryGetValue(ipAddress, out var failures))
        {
            return Task.FromResult(0);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = failures.Count - 1; i >= 0 && failures[i].Ticks >= sinceUtc.Ticks && names.Count < stopAt; i--)
        {
            if (failures[i].Name != userName)
            {
                names.Add(failures[i].Name);
            }
        }

        return Task.FromResult(names.Count);
    }

    private static List<T> ListOf<T>(Dictionary<string, List<T>> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        return list;
    }
}
