namespace LoginAudit.Data.UserAgents;

/// <summary>
/// One pass over a user agent that finds which clauses of <see cref="RequiredLiterals"/> it satisfies: an
/// Aho-Corasick automaton over every clause's atoms, in <see cref="CaseFolding"/>'s folded form, whose
/// states name the clauses an atom ending there belongs to.
/// </summary>
/// <remarks>
/// The automaton is a full transition table over the few dozen characters the atoms use (any other
/// character leads back to the start), so each character of the input costs one table read. A long atom is
/// cut to <see cref="MaximumAtomLength"/> characters (a part of a required literal is required too): long
/// crawler names would otherwise make a table of megabytes, and a table read that misses the processor's
/// caches costs more than the regex runs that longer atoms would save. The part kept is the one fewest other
/// atoms share, so " build/honor" keeps "/honor", not the " build" of hundreds of device expressions.
/// </remarks>
internal sealed class LiteralScanner
{
    public const int MaximumAtomLength = 6;

    private readonly byte[] _symbols = new byte[128];
    private readonly int _alphabetSize;
    private readonly ushort[] _transitions;
    private readonly int[][] _clausesEndingAt;

    /// <param name="clauses">The clauses, each a set of atoms; a clause's number is its index.</param>
    public LiteralScanner(IReadOnlyList<IReadOnlyCollection<string>> clauses)
    {
        ClauseCount = clauses.Count;
        var alphabet = clauses.SelectMany(set => set).SelectMany(atom => atom).Distinct().Order().ToArray();
        if (alphabet.Length >= byte.MaxValue || alphabet.Any(c => !char.IsAscii(c) || CaseFolding.Fold(c) != c))
        {
            throw new ArgumentException("Atoms hold folded ASCII characters only.", nameof(clauses));
        }

        _alphabetSize = alphabet.Length + 1; // symbol 0: a character no atom has
        for (var i = 0; i < alphabet.Length; i++)
        {
            _symbols[alphabet[i]] = (byte)(i + 1);
        }

        var windowCounts = clauses.SelectMany(set => set).SelectMany(Windows).CountBy(window => window).ToDictionary(StringComparer.Ordinal);

        // The trie, one row of children per state.
        var children = new List<int[]> { new int[_alphabetSize] };
        var endings = new List<HashSet<int>> { new() };
        for (var clause = 0; clause < clauses.Count; clause++)
        {
            foreach (var atom in clauses[clause].Select(atom => Shortened(atom, windowCounts)))
            {
                var state = 0;
                foreach (var c in atom)
                {
                    var symbol = _symbols[c];
                    if (children[state][symbol] == 0)
                    {
                        children[state][symbol] = children.Count;
                        children.Add(new int[_alphabetSize]);
                        endings.Add([]);
                    }

                    state = children[state][symbol];
                }

                endings[state].Add(clause);
            }
        }

        // Breadth first: each state's failure link is known before its children, so missing edges can be
        // filled with the failure state's edges and endings inherited from it.
        // Two bytes a state halve the table that each character reads.
        if (children.Count > ushort.MaxValue)
        {
            throw new ArgumentException($"The atoms make {children.Count} states, more than the {ushort.MaxValue} the table can number.", nameof(clauses));
        }

        _transitions = new ushort[children.Count * _alphabetSize];
        var failure = new int[children.Count];
        var queue = new Queue<int>();
        for (var symbol = 1; symbol < _alphabetSize; symbol++)
        {
            if (children[0][symbol] is var child and not 0)
            {
                _transitions[symbol] = (ushort)child;
                queue.Enqueue(child);
            }
        }

        while (queue.TryDequeue(out var state))
        {
            endings[state].UnionWith(endings[failure[state]]);
            for (var symbol = 1; symbol < _alphabetSize; symbol++)
            {
                var fallback = _transitions[failure[state] * _alphabetSize + symbol];
                if (children[state][symbol] is var child and not 0)
                {
                    failure[child] = fallback;
                    _transitions[state * _alphabetSize + symbol] = (ushort)child;
                    queue.Enqueue(child);
                }
                else
                {
                    _transitions[state * _alphabetSize + symbol] = fallback;
                }
            }
        }

        _clausesEndingAt = endings.Select(set => set.Order().ToArray()).ToArray();
    }

    public int ClauseCount { get; }

    private static IEnumerable<string> Windows(string atom) =>
        atom.Length <= MaximumAtomLength ? [atom] : Enumerable.Range(0, atom.Length - MaximumAtomLength + 1).Select(start => atom.Substring(start, MaximumAtomLength));

    private static string Shortened(string atom, Dictionary<string, int> windowCounts) =>
        Windows(atom).MinBy(window => windowCounts[window])!;

    /// <summary>Automaton states (the trie's nodes), for tests and tuning.</summary>
    public int StateCount => _clausesEndingAt.Length;

    /// <summary>Sets <paramref name="satisfied"/>[i] for every clause i one of whose atoms occurs in <paramref name="text"/> (folded).</summary>
    public void FindSatisfied(ReadOnlySpan<char> text, Span<bool> satisfied)
    {
        var state = 0;
        var transitions = _transitions.AsSpan();
        foreach (var c in text)
        {
            var folded = CaseFolding.Fold(c);
            var symbol = folded < 128 ? _symbols[folded] : 0;
            state = transitions[state * _alphabetSize + symbol];
            foreach (var clause in _clausesEndingAt[state])
            {
                satisfied[clause] = true;
            }
        }
    }
}
