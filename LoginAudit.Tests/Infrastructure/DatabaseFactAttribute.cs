using Xunit.Abstractions;
using Xunit.Sdk;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// Marks a test class that runs its base class's tests on PostgreSQL. Its <see cref="DatabaseFactAttribute"/> tests are
/// skipped, with the command that sets the server up, when PostgreSQL is not reachable, except under CI (<c>CI=true</c>),
/// where they run and fail.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OnPostgreSqlAttribute : Attribute;

/// <summary>A test of a class that runs on both databases (see <see cref="OnPostgreSqlAttribute"/>).</summary>
[XunitTestCaseDiscoverer("LoginAudit.Tests.Infrastructure.DatabaseFactDiscoverer", "LoginAudit.Tests")]
public sealed class DatabaseFactAttribute : FactAttribute;

/// <summary>The theory form of <see cref="DatabaseFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("LoginAudit.Tests.Infrastructure.DatabaseTheoryDiscoverer", "LoginAudit.Tests")]
public sealed class DatabaseTheoryAttribute : TheoryAttribute;

/// <summary>A test of SQLite's own machinery in a class that runs on both databases: not run on PostgreSQL.</summary>
[XunitTestCaseDiscoverer("LoginAudit.Tests.Infrastructure.SqliteFactDiscoverer", "LoginAudit.Tests")]
public sealed class SqliteFactAttribute : FactAttribute;

internal static class PostgreSqlTestClasses
{
    public static bool IsOnPostgreSql(ITestMethod testMethod) =>
        testMethod.TestClass.Class.GetCustomAttributes(typeof(OnPostgreSqlAttribute)).Any();

    public static IXunitTestCase? Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod) =>
        IsOnPostgreSql(testMethod) && PostgreSqlTestServer.SkipReason is { } reason
            ? new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason)
            : null;
}

public sealed class DatabaseFactDiscoverer(IMessageSink sink) : FactDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        PostgreSqlTestClasses.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod) is { } skipped
            ? [skipped]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

public sealed class DatabaseTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        PostgreSqlTestClasses.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod) is { } skipped
            ? [skipped]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

public sealed class SqliteFactDiscoverer(IMessageSink sink) : FactDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        PostgreSqlTestClasses.IsOnPostgreSql(testMethod) ? [] : base.Discover(discoveryOptions, testMethod, factAttribute);
}
