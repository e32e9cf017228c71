namespace LoginAudit.Tests.ComponentTesting;

/// <summary>Find matched nothing; the message holds the selector and the markup that was searched.</summary>
public sealed class ElementNotFoundException(string cssSelector, string markup)
    : Exception($"No element matches the selector '{cssSelector}'. Markup:{Environment.NewLine}{markup}")
{
    public string CssSelector { get; } = cssSelector;
}

/// <summary>A WaitForState or WaitForAssertion ran out of time.</summary>
public sealed class WaitForFailedException : Exception
{
    public WaitForFailedException(string message)
        : base(message)
    {
    }

    public WaitForFailedException(string message, Exception lastFailure)
        : base(message, lastFailure)
    {
    }
}

/// <summary>An event was raised on an element that has no handler for it.</summary>
public sealed class MissingEventHandlerException(string message) : Exception(message);
