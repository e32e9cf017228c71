using LoginAudit.Data.Auditing;

namespace LoginAudit.Tests.Auditing;

public sealed class AuditTextTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(" \r\n\t ", null)]
    [InlineData("a\r\nb", "a b")]
    [InlineData("a\u0000b\u001bc", "abc")]
    [InlineData("admin\u202egnp.exe", "admingnp.exe")]
    [InlineData("zero\u200bwidth", "zerowidth")]
    [InlineData("  padded  ", "padded")]
    public void Clean_HostileText_GivesSafeText(string? input, string? expected) =>
        Assert.Equal(expected, AuditText.Clean(input, 100));

    [Fact]
    public void Clean_LongerThanLimit_CutsWithoutSplittingASurrogatePair()
    {
        var text = new string('a', 9) + "\U0001F600" + "tail";

        var cleaned = AuditText.Clean(text, 10);

        Assert.Equal(new string('a', 9), cleaned);
    }
}
