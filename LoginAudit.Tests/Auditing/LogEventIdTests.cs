using System.Reflection;
using LoginAudit.Data;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Tests.Auditing;

/// <summary>Log pipelines filter on event ids (README, "Event stream"), so each id names one kind of message.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void EveryLoggerMessage_HasAnEventIdOfItsOwn()
    {
        var messages = new[] { typeof(LoginAuditDbContext).Assembly, typeof(LoginAudit.Web.Commands.CommandLine).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.Name}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(message => message.Attribute is not null)
            .ToList();

        Assert.True(messages.Count >= 10, $"Only {messages.Count} logger messages found: is the attribute still kept in metadata?");
        var shared = messages
            .GroupBy(message => message.Attribute!.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(message => message.Method))}")
            .ToList();
        Assert.True(shared.Count == 0, "Event ids used more than once: " + string.Join("; ", shared));
    }
}
