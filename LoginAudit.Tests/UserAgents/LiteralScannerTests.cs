using System.Text.RegularExpressions;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Tests.UserAgents;

public sealed class LiteralScannerTests
{
    private static readonly LiteralScanner Scanner = new([["chrome/"], ["safari", "opr/"], ["he", "she", "hers"], ["kindle"]]);

    private static int[] Satisfied(string text) => Satisfied(text, Scanner);

    [Fact]
    public void FindSatisfied_AtomsAnywhereInAnyCase_MarkTheirClauses() =>
        Assert.Equal([0, 1], Satisfied("Mozilla/5.0 CHROME/124 Safari/537"));

    [Fact]
    public void FindSatisfied_AtomInsideAnother_IsFound() =>
        Assert.Equal([2], Satisfied("ushers")); // "she", "he" and "hers" overlap: Aho-Corasick's failure links

    [Fact]
    public void FindSatisfied_NoAtom_MarksNothing() =>
        Assert.Empty(Satisfied("Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0"));

    [Fact]
    public void FindSatisfied_KelvinSign_CountsAsK() =>
        Assert.Equal([3], Satisfied($"{CaseFolding.KelvinSign}indle"));

    [Fact]
    public void FindSatisfied_LongAtom_IsFoundByTheKeptPart() =>
        Assert.Equal([0], Satisfied("x CSimpleSpider y", new LiteralScanner([["csimplespider"]])));

    /// <summary>The folding must cover every character .NET's case-insensitive matching equates with an ASCII letter.</summary>
    [Fact]
    public void Fold_EveryCharacterRegexIgnoreCaseEquatesWithALetter_FoldsToThatLetter()
    {
        var missed = new List<string>();
        for (var letter = 'a'; letter <= 'z'; letter++)
        {
            var regex = new Regex($"^{letter}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            for (var c = char.MinValue; c < char.MaxValue; c++)
            {
                if (regex.IsMatch(c.ToString()) && CaseFolding.Fold(c) != letter)
                {
                    missed.Add($"U+{(int)c:X4} matches '{letter}'");
                }
            }
        }

        Assert.Empty(missed);
    }

    private static int[] Satisfied(string text, LiteralScanner scanner)
    {
        var satisfied = new bool[scanner.ClauseCount];
        scanner.FindSatisfied(text, satisfied);
        return Enumerable.Range(0, satisfied.Length).Where(clause => satisfied[clause]).ToArray();
    }
}
