using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Integrity;

/// <summary>A database from before <c>login_log_seals</c>, its chain sealed into <c>login_logs</c>' own columns, then upgraded.</summary>
public class LoginLogSealsUpgradeTests : IAsyncLifetime
{
    private const int SealedRows = 12;
    private const int UnsealedRows = 2;

    private readonly DatabaseProvider provider;
    private TemporaryDatabase database = null!;
    private List<string> before = [];
    private string headBefore = "";

    public LoginLogSealsUpgradeTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected LoginLogSealsUpgradeTests(DatabaseProvider provider) => this.provider = provider;

    private string PreviousMigration => provider == DatabaseProvider.PostgreSQL
        ? "20261201182647_DropRolledUpFailureIndexes"
        : "20261201182638_DropRolledUpFailureIndexes";

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAtMigrationAsync(PreviousMigration, provider);
        await database.AddAsync(LoginLogSeed.User(LoginLogSeed.AliceId, "alice@example.com"));
        await AddRowsAsync(SealedRows);
        Assert.Equal(SealedRows, await SealsInLoginLogs.SealAsync(database));
        await AddRowsAsync(UnsealedRows);

        before = await SealsInLoginLogs.DescribeAsync(database);
        await using var db = database.CreateDbContext();
        headBefore = Convert.ToHexStringLower((await db.Set<ChainMark>().SingleAsync(mark => mark.Name == ChainMark.Head)).Hash);
        await db.MigrateLoginAuditDatabaseAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [DatabaseFact]
    public async Task Migrate_SealsInLoginLogs_MovesEverySealAndVerifiesWithTheSameHead()
    {
        var verification = await new ChainVerifier(database).VerifyAsync();

        Assert.Equal(before, await SealsInLoginLogs.DescribeMovedAsync(database));
        Assert.True(verification.Intact, verification.Description);
        Assert.Equal((SealedRows, UnsealedRows, headBefore), (verification.RowsChecked, verification.UnsealedRows, verification.HeadHash));
    }

    [DatabaseFact]
    public async Task Migrate_SealsInLoginLogs_DropsTheSealColumnsFromLoginLogs()
    {
        await using var db = database.CreateDbContext();
        var columns = await db.Database.SqlQueryRaw<string>(provider == DatabaseProvider.PostgreSQL
            ? "SELECT column_name::text AS \"Value\" FROM information_schema.columns WHERE table_name = 'login_logs'"
            : "SELECT name AS \"Value\" FROM pragma_table_info('login_logs')").ToListAsync();

        Assert.Contains("user_name", columns);
        Assert.DoesNotContain(columns, column => column is "chain_seq" or "previous_hash" or "chain_hash");
    }

    [DatabaseFact]
    public async Task Seal_AfterTheMigration_ContinuesTheMovedChain()
    {
        Assert.Equal(UnsealedRows, await new ChainSealer(database, TimeProvider.System).SealAsync());
        var verification = await new ChainVerifier(database).VerifyAsync();

        Assert.True(verification.Intact, verification.Description);
        Assert.Equal((SealedRows + UnsealedRows, 0L), (verification.RowsChecked, verification.UnsealedRows));
    }

    private Task AddRowsAsync(int count)
    {
        var start = DateTime.UtcNow.AddHours(-1);
        return database.AddAsync(Enumerable.Range(0, count)
            .Select(n => (object)LoginLogSeed.Log(
                n % 4 == 0 ? LoginEventType.SignInFailed : LoginEventType.SignInSucceeded,
                start.AddSeconds(n),
                userId: LoginLogSeed.AliceId,
                userName: "alice@example.com",
                reason: n % 4 == 0 ? LoginFailureReason.InvalidPassword : null))
            .ToArray());
    }
}

[OnPostgreSql]
public sealed class LoginLogSealsUpgradeOnPostgreSqlTests() : LoginLogSealsUpgradeTests(DatabaseProvider.PostgreSQL);
