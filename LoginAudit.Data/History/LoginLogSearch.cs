using System.Text;

namespace LoginAudit.Data.History;

/// <summary>
/// Free-text search over <c>login_logs</c>: any substring of three or more characters of user_name, ip_address, browser,
/// os, device_type, device_brand, device_model or location is found through an index (case-insensitive for A-Z, as
/// <c>LIKE</c> and <c>ILIKE</c> compare).
/// </summary>
/// <remarks>
/// SQLite: an FTS5 external-content table with the trigram tokenizer (migration <c>DashboardIndexesAndSearch</c>), kept up to
/// date by <see cref="LoginLogSearchIndex"/> in the transaction that writes the rows; it names the rows that hold the
/// trigrams covering a term (<see cref="ToFtsQuery"/>, <c>detail=none</c>: migration <c>SearchIndexWithoutPositions</c>), and each
/// candidate's columns are checked with <c>LIKE</c> (<see cref="ToLikePatterns"/>). PostgreSQL: <see cref="SearchText"/> of the
/// row, which every term must match as <c>ILIKE '%term%'</c>; the columns are joined by a space, which no term holds, so a
/// term matches inside one column, as in FTS5. Its <c>pg_trgm</c> GIN index is in a table of its own, filled after the
/// write (<see cref="PostgreSqlSearchIndex"/>). Both take the same terms
/// (<see cref="Terms"/>): the same input finds the same rows.
/// </remarks>
public static class LoginLogSearch
{
    public const string TableName = "login_logs_fts";

    /// <summary>Trigram matching needs at least this many characters (Unicode code points); shorter terms match nothing in FTS5.</summary>
    public const int MinimumTermLength = 3;

    /// <summary>Longer input is cut: a search box, not a document.</summary>
    public const int MaximumLength = 200;

    /// <summary>
    /// SQLite: the FTS5 query for the candidates of what the user typed: the trigrams that cover each whitespace-separated
    /// term of three or more characters, each a quoted string (inner quotes doubled), joined by implicit AND. The index keeps
    /// which rows hold a trigram, not where (<c>detail=none</c>), so a candidate holds those trigrams of a term somewhere
    /// in its columns; each term is then checked against the row (<see cref="ToLikePatterns"/>). Quoting makes every FTS5
    /// operator (<c>OR NOT NEAR * ^ : ( ) -</c>) plain text, so input can never change the query's structure.
    /// Returns null when no term is long enough; see <see cref="ShortSearchTerm"/>.
    /// </summary>
    public static string? ToFtsQuery(string? search)
    {
        var trigrams = TrigramTerms(search).SelectMany(Trigrams).Distinct(StringComparer.Ordinal).ToList();
        if (trigrams.Count == 0)
        {
            return null;
        }

        var query = new StringBuilder();
        foreach (var trigram in trigrams)
        {
            if (query.Length > 0)
            {
                query.Append(' ');
            }

            query.Append('"').Append(trigram.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return query.ToString();
    }

    /// <summary>
    /// The text for the fallback when nothing is long enough for trigram search (one or two characters): it is
    /// matched as a prefix of the user name or the IP address, through their indexes. Null when the input is blank.
    /// </summary>
    public static string? ShortSearchTerm(string? search)
    {
        if (ToFtsQuery(search) is not null)
        {
            return null;
        }

        var term = Terms(search).FirstOrDefault();
        return string.IsNullOrEmpty(term) ? null : term;
    }

    /// <summary>The PostgreSQL function <see cref="SearchText"/> maps to (created with the index in PostgreSQL's <c>InitialCreate</c>).</summary>
    public const string SearchTextFunction = "login_log_search_text";

    /// <summary>The searched columns of a row as one text (PostgreSQL, mapped to <see cref="SearchTextFunction"/>).</summary>
    public static string SearchText(
        string? userName, string? ipAddress, string? browser, string? os, UserAgents.DeviceType deviceType, string? deviceBrand, string? deviceModel, string? location) =>
        throw new InvalidOperationException($"{nameof(LoginLogSearch)}.{nameof(SearchText)} runs in the database, inside a LINQ query.");

    /// <summary>The <c>ILIKE</c> pattern of each term long enough for trigrams (PostgreSQL), <c>%</c>, <c>_</c> and <c>\</c> escaped; empty when none is.</summary>
    public static IReadOnlyList<string> ToLikePatterns(string? search) => TrigramTerms(search).Select(ToLikePattern).ToList();

    /// <summary>The <c>LIKE</c> pattern of one term: <c>%term%</c>, with <c>%</c>, <c>_</c> and <c>\</c> escaped (escape character <c>\</c>).</summary>
    public static string ToLikePattern(string term) =>
        "%" + term.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    /// <summary>The device types whose stored name holds <paramref name="term"/> as <c>LIKE</c> compares (A-Z folded).</summary>
    public static IReadOnlyList<UserAgents.DeviceType> DeviceTypesHolding(string term)
    {
        var lowered = AsciiLower(term);
        return Enum.GetValues<UserAgents.DeviceType>().Where(type => AsciiLower(type.ToString()).Contains(lowered, StringComparison.Ordinal)).ToList();
    }

    /// <summary>
    /// The same patterns in lower case as PostgreSQL's <c>lower()</c> folds under collation <c>C</c> (A-Z only, which is how
    /// <c>ILIKE</c> compares there): a plain <c>LIKE</c> over <see cref="LoginLogSearchRow.SearchKey"/> matches what
    /// <see cref="ToLikePatterns"/> matches with <c>ILIKE</c> over the row.
    /// </summary>
    public static IReadOnlyList<string> ToLowerCaseLikePatterns(string? search) => ToLikePatterns(search).Select(AsciiLower).ToList();

    private static string AsciiLower(string text) =>
        string.Create(text.Length, text, static (lowered, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                lowered[i] = source[i] is >= 'A' and <= 'Z' ? (char)(source[i] + ('a' - 'A')) : source[i];
            }
        });

    /// <summary>The terms long enough for trigrams, as FTS5's tokenizer counts: in code points, not UTF-16 units.</summary>
    public static IEnumerable<string> TrigramTerms(string? search) =>
        Terms(search).Where(term => term.EnumerateRunes().Count() >= MinimumTermLength);

    /// <summary>
    /// The trigrams that cover the term, as typed (FTS5 folds their case as it folded the indexed text's): every third one
    /// and the last, so each code point is in one. The overlapping ones between narrow the candidates little and cost a
    /// doclist each (measured: <c>203.0.113</c>, 7 doclists, 22 ms; 3 doclists, 17 ms); the row check makes either exact.
    /// </summary>
    private static IEnumerable<string> Trigrams(string term)
    {
        var runes = term.EnumerateRunes().Select(rune => rune.ToString()).ToList();
        var last = runes.Count - MinimumTermLength;
        for (var i = 0; i <= last; i = i == last ? last + 1 : Math.Min(i + MinimumTermLength, last))
        {
            yield return string.Concat(runes.GetRange(i, MinimumTermLength));
        }
    }

    private static IEnumerable<string> Terms(string? search)
    {
        // Cleaned as the indexed values were (no NUL or other control character ever reaches FTS5), and cut.
        var text = Auditing.AuditText.Clean(search, MaximumLength);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
