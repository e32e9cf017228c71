namespace LoginAudit.Tests.Telemetry;

/// <summary>
/// An OpenTelemetry MeterProvider listens to every meter of its name in the process, not only its host's
/// IMeterFactory meters: while other tests' hosts sign in, their counts would reach this one's exporter. Run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetersCollection
{
    public const string Name = "Process-wide meters";
}
