using LoginAudit.Data.History;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Tests.History;

public sealed class LoginLogSearchTests
{
    [Theory]
    [InlineData("alice", "\"ali\" \"ice\"")]
    [InlineData("abc", "\"abc\"")]
    [InlineData("abcdefg", "\"abc\" \"def\" \"efg\"")]
    [InlineData("  alice   lice ", "\"ali\" \"ice\" \"lic\"")]
    [InlineData("say \"hi\"", "\"say\" \"\"\"hi\" \"hi\"\"\"")]
    [InlineData("a* OR NEAR(b c)", "\"NEA\" \"R(b\"")]
    [InlineData("ab cd", null)]
    [InlineData("\U0001F600\U0001F600", null)]
    [InlineData("   ", null)]
    public void ToFtsQuery_TermsOfThreeOrMoreCodePoints_QuotesTheTrigramsThatCoverEachOnce(string search, string? expected)
    {
        Assert.Equal(expected, LoginLogSearch.ToFtsQuery(search));
    }

    [Fact]
    public void ToFtsQuery_TermOfAstralCharacters_SplitsByCodePointNotByUtf16Unit()
    {
        Assert.Equal("\"\U0001F600\U0001F600\U0001F600\"", LoginLogSearch.ToFtsQuery("\U0001F600\U0001F600\U0001F600"));
    }

    [Theory]
    [InlineData("top", new[] { DeviceType.Desktop })]
    [InlineData("OBI", new[] { DeviceType.Mobile })]
    [InlineData("e", new[] { DeviceType.Desktop, DeviceType.Mobile, DeviceType.Tablet, DeviceType.Other })]
    [InlineData("deſktop", new DeviceType[0])]
    public void DeviceTypesHolding_Term_NamesTheTypesLikeWouldMatch(string term, DeviceType[] expected)
    {
        Assert.Equal(expected.OrderBy(type => type), LoginLogSearch.DeviceTypesHolding(term).OrderBy(type => type));
    }

    [Fact]
    public void ShortSearchTerm_OnlyWhenNoTermIsLongEnough()
    {
        Assert.Equal("ab", LoginLogSearch.ShortSearchTerm(" ab "));
        Assert.Null(LoginLogSearch.ShortSearchTerm("abc"));
        Assert.Null(LoginLogSearch.ShortSearchTerm(""));
    }
}
