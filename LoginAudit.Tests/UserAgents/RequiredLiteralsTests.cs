using LoginAudit.Data.UserAgents;

namespace LoginAudit.Tests.UserAgents;

public sealed class RequiredLiteralsTests
{
    private static string[] Clauses(string pattern) =>
        RequiredLiterals.Of(pattern).Select(clause => string.Join('|', clause.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Of_LiteralsAroundCaptures_RequiresEachRunFolded() =>
        Assert.Equal(["samsungbrowser/"], Clauses(@"(SamsungBrowser)/(\d+)\.(\d+)"));

    [Fact]
    public void Of_RunsSplitByAWildcard_RequiresBoth() =>
        Assert.Equal(["mozilla", "safari/"], Clauses(@"Mozilla.{1,200}Safari/\d+"));

    [Fact]
    public void Of_SmallAlternation_RequiresOneOfItsStrings() =>
        Assert.Equal(["chrome/|chromium/"], Clauses(@"(Chromium|Chrome)/(\d+)"));

    [Fact]
    public void Of_CaseClass_FoldsToOneLetter() =>
        Assert.Equal(["android"], Clauses(@"[Aa]ndroid"));

    [Fact]
    public void Of_OptionalExactPart_IsOneOfTheStrings() =>
        Assert.Equal(["cros |linux cros "], Clauses(@"(?:Linux )?CrOS "));

    [Fact]
    public void Of_OptionalPart_IsNotRequired() =>
        Assert.Equal(["cros "], Clauses(@"(?:Linux \d+ )?CrOS "));

    [Fact]
    public void Of_Repetition_DoesNotJoinTheLiteralsAroundIt() =>
        Assert.Equal(["; build", "android"], Clauses(@"Android( \d+)*; Build"));

    [Fact]
    public void Of_BranchesWithSeveralClauses_RequiresOneOfEachPair() => // (foo and bar) or (baz and bot)
        Assert.Equal(["bar|baz", "bar|bot", "baz|foo", "bot|foo"], Clauses(@"(?:foo.*bar|baz.*bot)"));

    [Fact]
    public void Of_BranchWithoutLiterals_RequiresNothing() =>
        Assert.Empty(Clauses(@"(?:Opera|\d+x)"));

    [Fact]
    public void Of_OnlyShortLiterals_RequiresNothing() =>
        Assert.Empty(Clauses(@"^(\w)\d+"));

    [Theory]
    [InlineData(@"(?=Chrome)Chrome")]
    [InlineData(@"(\w+)\1")]
    [InlineData(@"Chrome(")]
    public void Of_UnsupportedSyntax_RequiresNothing(string pattern) =>
        Assert.Empty(Clauses(pattern));

    [Fact]
    public void Of_BraceThatIsNoQuantifier_IsALiteral() =>
        Assert.Equal(["a{b}"], Clauses(@"a{b}"));
}
