namespace LoginAudit.Data.Auditing;

/// <summary>
/// The failures of the writer's earlier groups that a spraying count may use instead of reading
/// (<see cref="AuditStore.CountOtherNamesFailedAsync"/>): per address, each name's newest failure, lower-cased.
/// </summary>
/// <remarks>
/// <para>
/// Every entry is a committed row the count's read would find as well, so the names it holds in a window are never more than
/// the read's; once they reach the threshold, the threshold is the read's answer. What it forgets only makes the read run.
/// </para>
/// <para>
/// It stays true because rows leave <c>login_logs</c> only by retention, never before they are a day old
/// (<c>LoginAudit:Retention:Days</c> is at least 1), and a spraying window is at most a day
/// (<see cref="Detection.DetectionSettings.MaximumSprayingWindow"/>). Another process that deletes demo rows (<c>seed-demo</c>)
/// is not seen; the writer forgets everything with its connection after a failed group.
/// </para>
/// </remarks>
internal sealed class RecentFailures
{
    /// <summary>Names kept for one address; the name whose newest failure is oldest goes first.</summary>
    internal const int MaxNamesPerAddress = 64;

    /// <summary>Addresses kept; when a new one comes, the half whose newest failure is oldest goes.</summary>
    internal const int MaxAddresses = 1024;

    private readonly Dictionary<string, Address> addresses = new(StringComparer.Ordinal);

    internal int AddressCount => addresses.Count;

    public void Add(string ipAddress, string lowerName, DateTime createdAtUtc)
    {
        if (!addresses.TryGetValue(ipAddress, out var address))
        {
            if (addresses.Count >= MaxAddresses)
            {
                ForgetQuietestHalf();
            }

            address = new Address();
            addresses.Add(ipAddress, address);
        }

        address.Add(lowerName, createdAtUtc);
    }

    /// <summary>How many names of <paramref name="ipAddress"/> are kept, whatever their time: an upper bound of <see cref="NamesSince"/>.</summary>
    public int NameCount(string ipAddress) => addresses.TryGetValue(ipAddress, out var address) ? address.Names.Count : 0;

    /// <summary>The names of <paramref name="ipAddress"/> with a failure at or after <paramref name="sinceUtc"/>.</summary>
    public IEnumerable<string> NamesSince(string ipAddress, DateTime sinceUtc)
    {
        if (!addresses.TryGetValue(ipAddress, out var address))
        {
            yield break;
        }

        foreach (var (name, newest) in address.Names)
        {
            if (newest >= sinceUtc)
            {
                yield return name;
            }
        }
    }

    private void ForgetQuietestHalf()
    {
        foreach (var (ipAddress, _) in addresses.OrderBy(entry => entry.Value.Newest).Take(addresses.Count / 2).ToList())
        {
            addresses.Remove(ipAddress);
        }
    }

    private sealed class Address
    {
        public Dictionary<string, DateTime> Names { get; } = new(StringComparer.Ordinal);

        public DateTime Newest { get; private set; }

        public void Add(string lowerName, DateTime createdAtUtc)
        {
            if (Names.TryGetValue(lowerName, out var newest))
            {
                Names[lowerName] = createdAtUtc > newest ? createdAtUtc : newest;
            }
            else
            {
                if (Names.Count >= MaxNamesPerAddress)
                {
                    Names.Remove(Names.MinBy(entry => entry.Value).Key);
                }

                Names.Add(lowerName, createdAtUtc);
            }

            Newest = createdAtUtc > Newest ? createdAtUtc : Newest;
        }
    }
}
