namespace LoginAudit.Data.UserAgents;

/// <summary>
/// The prefilter of one regexes.yaml expression, as uap-core's Rust port (regex-filtered, after RE2's
/// FilteredRE2) builds it: clauses of literal atoms such that every match of the expression contains at
/// least one atom of every clause. A user agent that misses a clause cannot match, so the expression is not run.
/// </summary>
/// <remarks>
/// Atoms are in <see cref="CaseFolding"/>'s folded form (ASCII lower case), so one search of the folded
/// user agent serves case-sensitive and <c>regex_flag: 'i'</c> expressions alike: a folded search finds a
/// superset of the case-sensitive occurrences, and a superset only costs a regex run, never a wrong answer.
/// The analysis understands the syntax regexes.yaml uses (literals, escapes, classes, groups, alternation,
/// quantifiers, anchors); anything else makes the expression unfiltered (always run), which is safe.
/// </remarks>
internal static class RequiredLiterals
{
    /// <summary>A clause with an atom shorter than this filters almost nothing and is left out.</summary>
    public const int MinimumAtomLength = 2;

    // Alternations multiply clauses: each branch contributes its strongest few, the product its strongest.
    private const int MaximumClausesPerBranch = 4;
    private const int MaximumClauses = 16;

    // Exact sets grow by cross product ("(a|b)(c|d)"): beyond this many strings the node keeps only a filter.
    private const int MaximumExactStrings = 16;

    /// <summary>The clauses, each a set of atoms; none when the expression must always run.</summary>
    public static IReadOnlyList<IReadOnlyCollection<string>> Of(string pattern)
    {
        try
        {
            var parser = new Parser(pattern);
            var info = parser.ParseAlternation();
            if (!parser.AtEnd)
            {
                return [];
            }

            return info.Clauses.Where(clause => Score(clause) >= MinimumAtomLength).Distinct(SetComparer).ToArray();
        }
        catch (UnsupportedSyntaxException)
        {
            return [];
        }
    }

    private static readonly IEqualityComparer<HashSet<string>> SetComparer = HashSet<string>.CreateSetComparer();

    /// <summary>How selective a clause is: its shortest atom's length (0 when it has none).</summary>
    private static int Score(HashSet<string>? atoms) => atoms is null || atoms.Count == 0 ? 0 : atoms.Min(atom => atom.Length);

    /// <summary>
    /// What a node can match: <see cref="Exact"/> is every string it can match (folded) when that set is
    /// small; otherwise every match satisfies each of <see cref="Required"/> (contains one of its atoms).
    /// </summary>
    private sealed record Info(HashSet<string>? Exact, IReadOnlyList<HashSet<string>> Required)
    {
        public static Info Empty => new([string.Empty], []);

        public static Info Anything => new(null, []);

        public static Info Of(HashSet<string> exact) => new(exact, []);

        /// <summary>What every match satisfies, an exact set being one clause.</summary>
        public IReadOnlyList<HashSet<string>> Clauses => Exact is null ? Required : Score(Exact) > 0 ? [Exact] : [];
    }

    private sealed class UnsupportedSyntaxException : Exception;

    private sealed class Parser(string pattern)
    {
        private int _position;

        public bool AtEnd => _position == pattern.Length;

        private char? Peek => _position < pattern.Length ? pattern[_position] : null;

        public Info ParseAlternation()
        {
            var branches = new List<Info> { ParseConcatenation() };
            while (Peek == '|')
            {
                _position++;
                branches.Add(ParseConcatenation());
            }

            if (branches.Count == 1)
            {
                return branches[0];
            }

            if (branches.All(branch => branch.Exact is not null))
            {
                var union = branches.SelectMany(branch => branch.Exact!).ToHashSet(StringComparer.Ordinal);
                if (union.Count <= MaximumExactStrings)
                {
                    return Info.Of(union);
                }
            }

            // Every match is a match of one branch: (A1 and A2) or (B1 and B2) holds as (A1 or B1) and (A1 or B2)
            // and (A2 or B1) and (A2 or B2), kept to the strongest clauses so that the product stays small.
            IReadOnlyList<HashSet<string>> clauses = [[]];
            foreach (var branch in branches)
            {
                if (branch.Clauses.Count == 0)
                {
                    return Info.Anything;
                }

                clauses = clauses
                    .SelectMany(_ => Strongest(branch.Clauses), (left, right) => left.Union(right, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal))
                    .OrderByDescending(Score)
                    .Take(MaximumClauses)
                    .ToArray();
            }

            return new Info(null, clauses);
        }

        private static IEnumerable<HashSet<string>> Strongest(IReadOnlyList<HashSet<string>> clauses) =>
            clauses.OrderByDescending(Score).Take(MaximumClausesPerBranch);

        private Info ParseConcatenation()
        {
            HashSet<string> run = [string.Empty];
            var required = new List<HashSet<string>>();
            var exact = true;

            while (Peek is { } c && c != '|' && c != ')')
            {
                var item = ParseQuantified();
                if (item.Exact is { } strings && run.Count * strings.Count <= MaximumExactStrings)
                {
                    run = run.SelectMany(prefix => strings, (prefix, suffix) => prefix + suffix).ToHashSet(StringComparer.Ordinal);
                    continue;
                }

                // The run of literals ends here: every match holds it and satisfies the item's clauses.
                exact = false;
                required.AddRange(Info.Of(run).Clauses);
                required.AddRange(item.Clauses);
                run = [string.Empty];
            }

            if (exact)
            {
                return Info.Of(run);
            }

            required.AddRange(Info.Of(run).Clauses);
            return new Info(null, required);
        }

        private Info ParseQuantified()
        {
            var atom = ParseAtom();
            if (Peek is not { } c)
            {
                return atom;
            }

            int minimum, maximum;
            switch (c)
            {
                case '*':
                    (minimum, maximum) = (0, int.MaxValue);
                    _position++;
                    break;
                case '+':
                    (minimum, maximum) = (1, int.MaxValue);
                    _position++;
                    break;
                case '?':
                    (minimum, maximum) = (0, 1);
                    _position++;
                    break;
                case '{' when TryReadBraces(out minimum, out maximum):
                    break;
                default:
                    return atom;
            }

            if (Peek == '?')
            {
                _position++; // lazy: the same strings, in another order
            }

            if (minimum == 0)
            {
                return maximum == 1 && atom.Exact is { } optional && optional.Count < MaximumExactStrings
                    ? Info.Of([string.Empty, .. optional])
                    : Info.Anything;
            }

            // At least one repetition: every match contains a match of the atom.
            return minimum == 1 && maximum == 1 ? atom : new Info(null, atom.Clauses);
        }

        private bool TryReadBraces(out int minimum, out int maximum)
        {
            minimum = maximum = 0;
            var end = pattern.IndexOf('}', _position);
            if (end < 0)
            {
                return false;
            }

            var parts = pattern[(_position + 1)..end].Split(',');
            if (parts.Length > 2 || !int.TryParse(parts[0], out minimum))
            {
                return false; // .NET reads a brace that is not a quantifier as a literal
            }

            if (parts.Length == 1)
            {
                maximum = minimum;
            }
            else if (parts[1].Length == 0)
            {
                maximum = int.MaxValue;
            }
            else if (!int.TryParse(parts[1], out maximum))
            {
                return false;
            }

            _position = end + 1;
            return true;
        }

        private Info ParseAtom()
        {
            var c = pattern[_position++];
            switch (c)
            {
                case '(':
                    if (Peek == '?')
                    {
                        if (_position + 1 < pattern.Length && pattern[_position + 1] == ':')
                        {
                            _position += 2;
                        }
                        else
                        {
                            throw new UnsupportedSyntaxException(); // lookarounds, inline options, named groups
                        }
                    }

                    var inner = ParseAlternation();
                    if (Peek != ')')
                    {
                        throw new UnsupportedSyntaxException();
                    }

                    _position++;
                    return inner;
                case '[':
                    return ParseClass();
                case '.':
                    return Info.Anything;
                case '^' or '$':
                    return Info.Empty;
                case '\\':
                    return ParseEscape();
                case '*' or '+' or '?' or ')' or '|':
                    throw new UnsupportedSyntaxException();
                default:
                    return Literal(c);
            }
        }

        private Info ParseEscape()
        {
            if (Peek is not { } c)
            {
                throw new UnsupportedSyntaxException();
            }

            _position++;
            return c switch
            {
                'b' or 'B' or 'A' or 'z' or 'Z' => Info.Empty,
                'd' or 'D' or 's' or 'S' or 'w' or 'W' => Info.Anything,
                _ when char.IsAsciiLetterOrDigit(c) => throw new UnsupportedSyntaxException(), // \t, \x41, \1...
                _ => Literal(c),
            };
        }

        /// <summary>A class of a few plain characters ("[Aa]", "[ _]") is their folded set; any other class matches anything.</summary>
        private Info ParseClass()
        {
            var negated = Peek == '^';
            if (negated)
            {
                _position++;
            }

            var members = new HashSet<string>(StringComparer.Ordinal);
            var plain = !negated;
            var first = true;
            while (true)
            {
                if (Peek is not { } c)
                {
                    throw new UnsupportedSyntaxException();
                }

                _position++;
                if (c == ']' && !first)
                {
                    break;
                }

                first = false;
                if (c == '\\')
                {
                    if (Peek is not { } escaped)
                    {
                        throw new UnsupportedSyntaxException();
                    }

                    _position++;
                    if (char.IsAsciiLetterOrDigit(escaped))
                    {
                        plain = false; // \d, \s, \w...
                        continue;
                    }

                    c = escaped;
                }
                else if (c == '-' && Peek is { } next && next != ']' && members.Count > 0)
                {
                    plain = false; // a range
                    _position++;
                    continue;
                }

                if (!char.IsAscii(c))
                {
                    plain = false;
                    continue;
                }

                members.Add(CaseFolding.Fold(c).ToString());
            }

            return plain && members.Count is > 0 and <= 4 ? Info.Of(members) : Info.Anything;
        }

        private static Info Literal(char c) =>
            char.IsAscii(c) ? Info.Of([CaseFolding.Fold(c).ToString()]) : Info.Anything;
    }
}
