namespace LoginAudit.Tests.Faults;

/// <summary>
/// Load and fault tests saturate both cores; run alone (after the parallel tests), they neither disturb the timing
/// comparison of UnknownUserTimingTests nor get slowed by it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "Load and fault tests";
}
