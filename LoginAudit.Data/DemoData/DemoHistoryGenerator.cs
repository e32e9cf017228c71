using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;

namespace LoginAudit.Data.DemoData;

internal sealed record DemoUser(
    string Id, string Email, bool TwoFactor, double Activity, IReadOnlyList<int> Addresses, IReadOnlyList<int> Agents);

/// <summary>One row to write; small indexes into the generator's tables keep a million of them cheap.</summary>
internal struct DemoEvent
{
    public long Ticks;
    public LoginEventType Type;
    public LoginFailureReason? Reason;
    public string? ErrorCode;
    public SignInMethod? Method;
    public int User;
    public string? AttemptedName;
    public int Address;
    public int Agent;
    public int Session;

    /// <summary>What the detector found (<see cref="DemoHistoryGenerator.AssessAsync"/>).</summary>
    public SuspicionReasons Reasons;
    public RiskLevel Risk;
}

internal sealed class DemoSession(string id, int user, long startTicks)
{
    public string Id { get; } = id;
    public int User { get; } = user;
    public long StartTicks { get; } = startTicks;
    public long ExpiresTicks { get; set; }
    public long? EndTicks { get; set; }
    public LoginEventType? EndedBy { get; set; }
}

/// <summary>
/// Builds a believable history in memory (then sorted by time, so ids grow with time as in production): people
/// signing in on working-day rhythms from a few addresses and devices, sessions that end by sign-out, expiry or
/// revocation, typos, two-factor steps, password-spraying bursts with lockouts from attacker addresses, and now and
/// then a burst that gets in (after the lockout, or with a stolen password from the other side of the world). Nothing
/// is flagged by hand: <see cref="AssessAsync"/> runs the detector's own signals over the rows in write order.
/// </summary>
internal sealed class DemoHistoryGenerator
{
    /// <summary>The demo cookie lifetime: a session not signed out expires this long after it started.</summary>
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    /// <summary>The server notices an expiry on its next sweep, up to this long after the cookie died.</summary>
    private static readonly TimeSpan ExpirySweepDelay = TimeSpan.FromMinutes(30);

    /// <summary>Failed passwords that lock an account (Identity's default).</summary>
    private const int LockoutThreshold = 5;

    /// <summary>Relative sign-in activity per local hour of the day: office hours with a lunch dip.</summary>
    private static readonly double[] HourWeights =
        [1, 0.5, 0.3, 0.3, 0.4, 1, 3, 8, 14, 15, 13, 11, 8, 11, 13, 12, 10, 7, 5, 4, 3, 3, 2, 1.5];

    private readonly Random random;
    private readonly DemoDataOptions options;
    private readonly long nowTicks;
    private readonly long startTicks;
    private readonly double totalHourWeight = HourWeights.Sum();
    private readonly double totalActivity;

    public DemoHistoryGenerator(DemoDataOptions options, DateTime nowUtc)
    {
        this.options = options;
        random = new Random(options.RandomSeed);
        nowTicks = nowUtc.Ticks;
        startTicks = nowUtc.AddDays(-options.Days).Ticks;
        Addresses = BuildAddresses();
        Users = BuildUsers();
        totalActivity = Users.Sum(user => user.Activity);
    }

    /// <summary>Index 0..(users' count) belong to people; the last ones (from <see cref="FirstAttackerAddress"/>) to attackers.</summary>
    public IReadOnlyList<(string Ip, DemoPlace? Place)> Addresses { get; }

    public int FirstAttackerAddress { get; private set; }

    public IReadOnlyList<DemoUser> Users { get; }

    public List<DemoEvent> Events { get; } = [];

    public List<DemoSession> Sessions { get; } = [];

    public static IReadOnlyList<DemoUserAgent> Agents { get; } = [.. DemoDataCatalog.PeopleAgents, .. DemoDataCatalog.AttackerAgents];

    public void Generate()
    {
        while (Events.Count < options.Events)
        {
            var remaining = options.Events - Events.Count;
            var dice = random.NextDouble();
            if (remaining < 8)
            {
                // Whole episodes no longer fit: single failed attempts make the count exact without half sessions.
                SingleFailure();
            }
            else if (dice < 0.9)
            {
                SignInEpisode();
            }
            else if (dice < 0.92)
            {
                // Rare but loud: a burst is 5 to 30 rows, so bursts still make up about a tenth of all rows.
                AttackBurst(Math.Min(remaining, random.Next(5, 31)));
            }
            else
            {
                SingleFailure();
            }
        }

        Events.Sort((left, right) => left.Ticks.CompareTo(right.Ticks));
    }

    /// <summary>
    /// Flags the events as the recorder would have flagged them when written, in the order they are written: the
    /// detector's signals (<see cref="SignInSignals"/>) over a history of the rows before each (<see cref="DemoSignInHistory"/>).
    /// </summary>
    public async Task AssessAsync(DetectionSettings settings)
    {
        var history = new DemoSignInHistory();
        for (var i = 0; i < Events.Count; i++)
        {
            var e = Events[i];
            var row = RowOf(e);
            await SignInSignals.AssessAsync(history, row, settings);
            e.Reasons = SuspicionReasonList.Parse(row.SuspiciousReasons);
            e.Risk = row.RiskLevel;
            Events[i] = e;
            history.Add(row);
        }
    }

    /// <summary>What the detector reads of a row: who, from where, with what, when.</summary>
    public LoginLog RowOf(in DemoEvent e)
    {
        var user = e.User >= 0 ? Users[e.User] : null;
        var agent = Agents[e.Agent];
        var (ip, place) = Addresses[e.Address];
        return new LoginLog
        {
            UserId = user?.Id,
            UserName = user?.Email ?? e.AttemptedName,
            EventType = e.Type,
            IpAddress = ip,
            Browser = agent.Browser,
            Os = agent.Os,
            DeviceType = agent.DeviceType,
            IsBot = agent.IsBot,
            CountryCode = place?.CountryCode,
            City = place?.City,
            Latitude = place?.Latitude,
            Longitude = place?.Longitude,
            Asn = place?.Asn,
            CreatedAt = new DateTime(e.Ticks, DateTimeKind.Utc),
        };
    }

    private void SignInEpisode()
    {
        var userIndex = PickUser();
        var user = Users[userIndex];
        var address = user.Addresses[random.Next(user.Addresses.Count)];
        var agent = user.Agents[random.Next(user.Agents.Count)];
        var time = PeopleTime();

        // Typos first: a few seconds to a minute apart, ending in the successful attempt.
        var typos = random.NextDouble() < 0.1 ? random.Next(1, 3) : 0;
        for (var i = 0; i < typos; i++)
        {
            Add(time, LoginEventType.SignInFailed, userIndex, address, agent, reason: LoginFailureReason.InvalidPassword, method: SignInMethod.Password);
            time += TimeSpan.FromSeconds(random.Next(4, 60)).Ticks;
        }

        var method = SignInMethod.Password;
        if (user.TwoFactor)
        {
            Add(time, LoginEventType.TwoFactorRequired, userIndex, address, agent, method: SignInMethod.Password);
            time += TimeSpan.FromSeconds(random.Next(5, 40)).Ticks;
            if (random.NextDouble() < 0.06)
            {
                Add(time, LoginEventType.SignInFailed, userIndex, address, agent, reason: LoginFailureReason.InvalidTwoFactorCode, method: SignInMethod.Authenticator);
                time += TimeSpan.FromSeconds(random.Next(5, 30)).Ticks;
            }

            method = random.NextDouble() < 0.03 ? SignInMethod.RecoveryCode : SignInMethod.Authenticator;
        }
        else if (random.NextDouble() < 0.05)
        {
            method = SignInMethod.External;
        }

        if (time > nowTicks)
        {
            return;
        }

        var session = new DemoSession(NewSessionId(), userIndex, time) { ExpiresTicks = time + SessionLifetime.Ticks };
        Sessions.Add(session);
        var sessionIndex = Sessions.Count - 1;
        Add(time, LoginEventType.SignInSucceeded, userIndex, address, agent, method: method, session: sessionIndex);

        // Now and then the password was stolen: someone far away signs in with a script minutes later.
        if (random.NextDouble() < 0.003)
        {
            StolenPasswordSignIn(userIndex, time + TimeSpan.FromMinutes(random.Next(5, 60)).Ticks);
        }

        var ending = random.NextDouble();
        var (endType, endTicks) = ending switch
        {
            < 0.6 => (LoginEventType.SignedOut, time + TimeSpan.FromMinutes(random.Next(3, 9 * 60)).Ticks),
            < 0.97 => (LoginEventType.SessionExpired, session.ExpiresTicks + (long)(random.NextDouble() * ExpirySweepDelay.Ticks)),
            _ => (LoginEventType.SessionRevoked, time + TimeSpan.FromMinutes(random.Next(10, 600)).Ticks),
        };

        // An ending still in the future has not happened: the session is active (or expired, not yet swept).
        if (endTicks <= nowTicks)
        {
            session.EndTicks = endTicks;
            session.EndedBy = endType;
            Add(endTicks, endType, userIndex, address, agent, session: sessionIndex);
        }
    }

    private void AttackBurst(int attempts)
    {
        var address = FirstAttackerAddress + random.Next(Addresses.Count - FirstAttackerAddress);
        var agent = DemoDataCatalog.PeopleAgents.Count + random.Next(DemoDataCatalog.AttackerAgents.Count);
        var time = UniformTime();
        var targetsRealUser = random.NextDouble() < 0.5;
        var target = PickUser();
        var failures = 0;
        for (var i = 0; i < attempts && time <= nowTicks; i++)
        {
            if (targetsRealUser)
            {
                failures++;
                if (failures == LockoutThreshold)
                {
                    Add(time, LoginEventType.LockedOut, target, address, agent, reason: LoginFailureReason.LockedOut, method: SignInMethod.Password);
                }
                else
                {
                    var reason = failures > LockoutThreshold ? LoginFailureReason.LockedOut : LoginFailureReason.InvalidPassword;
                    Add(time, LoginEventType.SignInFailed, target, address, agent, reason: reason, method: SignInMethod.Password);
                }
            }
            else
            {
                var name = DemoDataCatalog.UnknownNames[random.Next(DemoDataCatalog.UnknownNames.Count)];
                Add(time, LoginEventType.SignInFailed, -1, address, agent, reason: LoginFailureReason.UnknownUser, method: SignInMethod.Password,
                    attemptedName: name);
            }

            time += TimeSpan.FromSeconds(random.Next(1, 20)).Ticks;
        }

        // One burst in ten against a real account waits out the lockout and gets in: success after many failures.
        if (targetsRealUser && failures >= LockoutThreshold && random.NextDouble() < 0.1)
        {
            StolenPasswordSignIn(target, time + TimeSpan.FromMinutes(6).Ticks, address, agent);
        }
    }

    /// <summary>A session of someone else on the account, ended by an administrator a little later.</summary>
    private void StolenPasswordSignIn(int userIndex, long time, int? address = null, int? agent = null)
    {
        if (time > nowTicks)
        {
            return;
        }

        var from = address ?? FirstAttackerAddress + random.Next(Addresses.Count - FirstAttackerAddress);
        var with = agent ?? DemoDataCatalog.PeopleAgents.Count + random.Next(DemoDataCatalog.AttackerAgents.Count);
        var session = new DemoSession(NewSessionId(), userIndex, time) { ExpiresTicks = time + SessionLifetime.Ticks };
        Sessions.Add(session);
        Add(time, LoginEventType.SignInSucceeded, userIndex, from, with, method: SignInMethod.Password, session: Sessions.Count - 1);
        var revoked = time + TimeSpan.FromMinutes(random.Next(10, 120)).Ticks;
        if (revoked <= nowTicks)
        {
            session.EndTicks = revoked;
            session.EndedBy = LoginEventType.SessionRevoked;
            Add(revoked, LoginEventType.SessionRevoked, userIndex, from, with, session: Sessions.Count - 1, errorCode: "EndedByAdmin");
        }
    }

    private void SingleFailure()
    {
        var userIndex = PickUser();
        var user = Users[userIndex];
        var address = user.Addresses[random.Next(user.Addresses.Count)];
        var agent = user.Agents[random.Next(user.Agents.Count)];
        var time = PeopleTime();
        switch (random.Next(6))
        {
            case 0:
                Add(time, LoginEventType.SignInFailed, -1, address, agent, reason: LoginFailureReason.UnknownUser, method: SignInMethod.Password,
                    attemptedName: user.Email.Replace('.', '_'));
                break;
            case 1:
                Add(time, LoginEventType.SignInFailed, userIndex, address, agent, reason: LoginFailureReason.NotAllowed, method: SignInMethod.Password,
                    errorCode: "EmailNotConfirmed");
                break;
            case 2:
                Add(time, LoginEventType.SignInFailed, -1, address, agent, reason: LoginFailureReason.ExternalLoginNotLinked, method: SignInMethod.External);
                break;
            case 3:
                Add(time, LoginEventType.SignInFailed, userIndex, address, agent, reason: LoginFailureReason.InvalidRecoveryCode, method: SignInMethod.RecoveryCode);
                break;
            default:
                Add(time, LoginEventType.SignInFailed, userIndex, address, agent, reason: LoginFailureReason.InvalidPassword, method: SignInMethod.Password);
                break;
        }
    }

    private void Add(
        long ticks, LoginEventType type, int user, int address, int agent, LoginFailureReason? reason = null,
        SignInMethod? method = null, int session = -1, string? attemptedName = null, string? errorCode = null)
    {
        Events.Add(new DemoEvent
        {
            Ticks = ticks,
            Type = type,
            Reason = reason,
            ErrorCode = errorCode,
            Method = method,
            User = user,
            AttemptedName = attemptedName,
            Address = address,
            Agent = agent,
            Session = session,
        });
    }

    private int PickUser()
    {
        var pick = random.NextDouble() * totalActivity;
        for (var i = 0; i < Users.Count; i++)
        {
            pick -= Users[i].Activity;
            if (pick <= 0)
            {
                return i;
            }
        }

        return Users.Count - 1;
    }

    /// <summary>A time in the range on a working rhythm: weekends quieter, office hours (UTC+1) busiest.</summary>
    private long PeopleTime()
    {
        while (true)
        {
            var day = new DateTime(startTicks, DateTimeKind.Utc).Date.AddDays(random.Next(options.Days + 1));
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (weekend && random.NextDouble() > 0.3)
            {
                continue;
            }

            var pick = random.NextDouble() * totalHourWeight;
            var localHour = 0;
            while (localHour < 23 && (pick -= HourWeights[localHour]) > 0)
            {
                localHour++;
            }

            var ticks = day.AddHours(localHour - 1).Ticks + (long)(random.NextDouble() * TimeSpan.TicksPerHour);
            if (ticks >= startTicks && ticks <= nowTicks)
            {
                return ticks;
            }
        }
    }

    /// <summary>Attackers keep no office hours.</summary>
    private long UniformTime() => startTicks + (long)(random.NextDouble() * (nowTicks - startTicks));

    private string NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private List<(string Ip, DemoPlace? Place)> BuildAddresses()
    {
        var addresses = new List<(string, DemoPlace?)>();
        var peopleAddresses = Math.Min(400, Math.Max(8, options.Users * 3));
        for (var i = 0; i < peopleAddresses; i++)
        {
            var network = i % 2 == 0 ? DemoDataCatalog.UserNetworkA : DemoDataCatalog.UserNetworkB;
            addresses.Add((network + (1 + (i / 2 % 254)), DemoDataCatalog.HomeLocations[random.Next(DemoDataCatalog.HomeLocations.Count)]));
        }

        FirstAttackerAddress = addresses.Count;
        for (var i = 0; i < 24; i++)
        {
            // One attacker address in eight is in no data at all (a fresh allocation): no place, no network.
            var place = i % 8 == 7 ? null : DemoDataCatalog.AttackerLocations[random.Next(DemoDataCatalog.AttackerLocations.Count)];
            addresses.Add((DemoDataCatalog.AttackerNetwork + (10 + i * 7), place));
        }

        return addresses;
    }

    private List<DemoUser> BuildUsers()
    {
        var users = new List<DemoUser>();
        for (var i = 0; i < options.Users; i++)
        {
            var first = DemoDataCatalog.FirstNames[i % DemoDataCatalog.FirstNames.Count];
            var last = DemoDataCatalog.LastNames[i / DemoDataCatalog.FirstNames.Count % DemoDataCatalog.LastNames.Count];
            var round = i / (DemoDataCatalog.FirstNames.Count * DemoDataCatalog.LastNames.Count);
            var email = $"{first}.{last}{(round == 0 ? string.Empty : round.ToString(System.Globalization.CultureInfo.InvariantCulture))}@{DemoDataCatalog.EmailDomain}";

            var idBytes = new byte[16];
            random.NextBytes(idBytes);
            var home = random.Next(FirstAttackerAddress);
            var addresses = Enumerable.Range(0, random.Next(1, 5)).Select(offset => (home + offset * 7) % FirstAttackerAddress).Distinct().ToList();
            var agents = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(DemoDataCatalog.PeopleAgents.Count)).Distinct().ToList();

            // A few people sign in all day, most now and then (a long tail, as in real systems).
            var activity = 1.0 / (1 + i % 17) + random.NextDouble() * 0.2;
            users.Add(new DemoUser(new Guid(idBytes).ToString(), email, random.NextDouble() < 0.25, activity, addresses, agents));
        }

        return users;
    }
}
