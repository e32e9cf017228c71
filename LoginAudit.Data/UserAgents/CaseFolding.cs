namespace LoginAudit.Data.UserAgents;

/// <summary>
/// The folding under which the prefilter compares user agents with atoms: ASCII letters to lower case, and
/// the one other character .NET's case-insensitive matching (<c>IgnoreCase | CultureInvariant</c>) equates
/// with an ASCII letter, the Kelvin sign (U+212A, equal to "k"). Every other character stays itself and is
/// never part of an atom, which hold ASCII only.
/// </summary>
internal static class CaseFolding
{
    public const char KelvinSign = '\u212A';

    public static char Fold(char c) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c | 0x20),
        KelvinSign => 'k',
        _ => c,
    };
}
