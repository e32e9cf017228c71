namespace LoginAudit.Data.Rollups;

/// <summary>What a <see cref="LoginLogRollup"/> counts by; stored by name.</summary>
public enum RollupDimension
{
    /// <summary>Every row, by <c>event_type</c> (the trend's successes and failures).</summary>
    EventType,

    /// <summary>Rows of any type flagged suspicious; the value is empty.</summary>
    Suspicious,

    /// <summary>Failures (failed attempts and lockouts) by <c>failure_reason</c>.</summary>
    FailureReason,

    /// <summary>Failures by <c>device_type</c>.</summary>
    DeviceType,

    /// <summary>Failures by <c>browser</c>.</summary>
    Browser,

    /// <summary>Failures by <c>os</c>.</summary>
    Os,
}
