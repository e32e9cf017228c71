namespace LoginAudit.Data.Auditing;

/// <summary>What the sign-in pipeline knows about an event; <see cref="LoginAuditRecorder"/> adds the request's side.</summary>
public sealed record AuditEvent(LoginEventType EventType)
{
    /// <summary>False exactly for failures and refusals (<see cref="LoginEventType.SignInFailed"/>, <see cref="LoginEventType.LockedOut"/>, <see cref="LoginEventType.RateLimited"/>, <see cref="LoginEventType.ZoneRefused"/>, <see cref="LoginEventType.ReviewRefused"/>), which carry a reason.</summary>
    public bool Succeeded => EventType is not (LoginEventType.SignInFailed or LoginEventType.LockedOut or LoginEventType.RateLimited
        or LoginEventType.ZoneRefused or LoginEventType.ReviewRefused);

    public string? UserId { get; init; }

    public string? UserName { get; init; }

    public LoginFailureReason? FailureReason { get; init; }

    public string? ErrorCode { get; init; }

    public SignInMethod? SignInMethod { get; init; }

    public string? SessionId { get; init; }

    public static AuditEvent Failure(LoginFailureReason reason, SignInMethod method) =>
        new(LoginEventType.SignInFailed) { FailureReason = reason, SignInMethod = method };
}
