using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Integrity;

/// <summary>
/// A position of the hash chain and the chain hash there, written <c>&lt;seq&gt;:&lt;64 hex digits&gt;</c>: what each
/// stream batch carries (README, "The chain head record") and what <c>verify --expect-head</c> takes.
/// </summary>
public sealed record ChainHead(long Seq, string Hash)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Seq}:{Hash}");

    /// <summary>Reads <c>&lt;seq&gt;:&lt;hash&gt;</c>; <paramref name="error"/> says what is wrong with anything else.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ChainHead? head, [NotNullWhen(false)] out string? error)
    {
        head = null;
        var parts = (text ?? "").Trim().Split(':');
        if (parts.Length != 2)
        {
            error = $"'{text}' is not a chain head: write it as <seq>:<hash>, for example 1042:{new string('0', 64)}.";
            return false;
        }

        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1)
        {
            error = $"'{parts[0]}' is not a chain position: the part before ':' is a whole number of at least 1.";
            return false;
        }

        var hash = parts[1].ToLowerInvariant();
        if (hash.Length != ChainCanonicalForm.HashLength * 2 || !hash.All(char.IsAsciiHexDigit))
        {
            error = $"'{parts[1]}' is not a chain hash: the part after ':' is {ChainCanonicalForm.HashLength * 2} hexadecimal digits (SHA-256).";
            return false;
        }

        head = new ChainHead(seq, hash);
        error = null;
        return true;
    }

    /// <summary>The newest sealed position (the <c>head</c> mark), or null before the first row is sealed.</summary>
    public static async Task<(ChainHead Head, long RowId)?> ReadCurrentAsync(LoginAuditDbContext db, CancellationToken cancellationToken = default)
    {
        var mark = await db.Set<ChainMark>().AsNoTracking().SingleOrDefaultAsync(mark => mark.Name == ChainMark.Head, cancellationToken);
        return mark is null ? null : (new ChainHead(mark.Seq, Convert.ToHexStringLower(mark.Hash)), mark.RowId);
    }
}

/// <summary>What <see cref="ExpectedHeadCheck"/> found: whether the chain still passes through a head received earlier.</summary>
public sealed record ExpectedHeadResult(bool Holds, string Description);

/// <summary>
/// Checks a database against a chain head received earlier (a stream's checkpoint record, a head written down): the chain
/// must verify, and its row at that position must have that hash. A chain that verifies on its own can still have been
/// rewritten whole, or had its newest rows replaced, by someone with write access; a head kept elsewhere tells.
/// </summary>
public sealed class ExpectedHeadCheck(IDbContextFactory<LoginAuditDbContext> contexts, ChainVerifier verifier)
{
    public async Task<(ChainVerification Chain, ExpectedHeadResult? Head)> CheckAsync(ChainHead expected, CancellationToken cancellationToken = default)
    {
        var chain = await verifier.VerifyAsync(cancellationToken);
        if (!chain.Intact)
        {
            return (chain, null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The row must still be there: a seal whose row was deleted proves nothing.
        var row = await (
                from seal in db.LoginLogSeals.AsNoTracking()
                where seal.ChainSeq == expected.Seq
                join log in db.LoginLogs on seal.LoginLogId equals log.Id
                select new { log.Id, seal.ChainHash })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is not null)
        {
            var hash = Convert.ToHexStringLower(row.ChainHash);
            return (chain, hash == expected.Hash
                ? new ExpectedHeadResult(true, string.Create(CultureInfo.InvariantCulture, $"The chain still reaches the expected head: row {row.Id} at position {expected.Seq} has hash {hash}."))
                : new ExpectedHeadResult(false, string.Create(CultureInfo.InvariantCulture, $"The chain was rewritten: row {row.Id} at position {expected.Seq} has hash {hash}, not the expected {expected.Hash}. Every row up to it may have been changed and resealed.")));
        }

        var marks = await db.Set<ChainMark>().AsNoTracking().ToDictionaryAsync(mark => mark.Name, cancellationToken);
        if (marks.TryGetValue(ChainMark.Anchor, out var anchor) && anchor.Seq >= expected.Seq)
        {
            return (chain, anchor.Seq == expected.Seq && Convert.ToHexStringLower(anchor.Hash) == expected.Hash
                ? new ExpectedHeadResult(true, string.Create(CultureInfo.InvariantCulture, $"The chain still reaches the expected head: position {expected.Seq} is the purge anchor the remaining rows chain from."))
                : new ExpectedHeadResult(false, string.Create(CultureInfo.InvariantCulture, $"Position {expected.Seq} was purged (the chain now starts after position {anchor.Seq}), so this head cannot be checked any more: check against a newer one.")));
        }

        var newest = marks.TryGetValue(ChainMark.Head, out var head) ? head.Seq : 0;
        return (chain, new ExpectedHeadResult(false, string.Create(
            CultureInfo.InvariantCulture,
            $"The chain no longer reaches the expected head: it ends at position {newest}, before {expected.Seq}. Rows sealed earlier are gone: the newest rows were deleted and the chain's head moved back, or the database was replaced.")));
    }
}
