using Microsoft.JSInterop;
using Microsoft.JSInterop.Infrastructure;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>One JavaScript call a component made.</summary>
public sealed record JSInvocation(string Identifier, IReadOnlyList<object?> Arguments);

/// <summary>
/// Records every JavaScript interop call and answers with values set up by the test. Loose by
/// default (an unknown call returns default), because Radzen components call JavaScript on
/// nearly every render; <see cref="Strict"/> makes an unknown call throw instead.
/// </summary>
public sealed class TestJSRuntime : IJSRuntime
{
    private readonly List<JSInvocation> _invocations = new();
    private readonly Dictionary<string, object?> _results = new(StringComparer.Ordinal);

    /// <summary>When true, a call that was not set up throws, void calls included (see <see cref="SetupVoid"/>).</summary>
    public bool Strict { get; set; }

    public IReadOnlyList<JSInvocation> Invocations
    {
        get { lock (_invocations) return _invocations.ToList(); }
    }

    /// <summary>The calls made to <paramref name="identifier"/>, oldest first.</summary>
    public IReadOnlyList<JSInvocation> InvocationsOf(string identifier) =>
        Invocations.Where(invocation => invocation.Identifier == identifier).ToList();

    /// <summary>Answers every call to <paramref name="identifier"/> with <paramref name="result"/>.</summary>
    public void Setup<TResult>(string identifier, TResult result)
    {
        lock (_invocations) _results[identifier] = result;
    }

    /// <summary>Allows a call that returns nothing in strict mode.</summary>
    public void SetupVoid(string identifier) => Setup<IJSVoidResult?>(identifier, null);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
        InvokeAsync<TValue>(identifier, CancellationToken.None, args);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args)
    {
        object? result;
        bool isSetUp;
        lock (_invocations)
        {
            _invocations.Add(new JSInvocation(identifier, args ?? []));
            isSetUp = _results.TryGetValue(identifier, out result);
        }

        if (!isSetUp)
        {
            return Strict
                ? throw new InvalidOperationException(
                    $"JavaScript call '{identifier}' returning {typeof(TValue).Name} was not set up (strict mode).")
                : ValueTask.FromResult(default(TValue)!);
        }

        return result switch
        {
            TValue value => ValueTask.FromResult(value),
            null => ValueTask.FromResult(default(TValue)!),
            _ => throw new InvalidOperationException(
                $"JavaScript call '{identifier}' was set up with a {result.GetType().Name}, but the component expects {typeof(TValue).Name}."),
        };
    }
}
