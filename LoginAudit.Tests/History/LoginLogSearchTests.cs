using LoginAudit.Data.History;

namespace LoginAudit.Tests.History;

public sealed class LoginLogSearchTests
{
    [Theory]
    [InlineData("alice", "\"alice\"")]
    [InlineData("  alice   berlin ", "\"alice\" \"berlin\"")]
    [InlineData("say \"hi\"", "\"say\" \"\"\"hi\"\"\"")]
    [InlineData("a* OR NEAR(b c)", "\"NEAR(b\"")]
    [InlineData("ab cd", null)]
    [InlineData("   ", null)]
    public void ToFtsQuery_QuotesEveryTermOfThreeOrMoreCharacters(string search, string? expected)
    {
        Assert.Equal(expected, LoginLogSearch.ToFtsQuery(search));
    }

    [Fact]
    public void ShortSearchTerm_OnlyWhenNoTermIsLongEnough()
    {
        Assert.Equal("ab", LoginLogSearch.ShortSearchTerm(" ab "));
        Assert.Null(LoginLogSearch.ShortSearchTerm("abc"));
        Assert.Null(LoginLogSearch.ShortSearchTerm(""));
    }
}
