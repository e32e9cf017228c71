using System.Text;
using CsvHelper;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Export;
using LoginAudit.Data.History;
using LoginAudit.Tests.Infrastructure;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.Export;

public sealed class LoginLogCsvExporterTests
{
    [Fact]
    public async Task Write_EveryInjectionPrefix_GetsALeadingApostropheAndParsesBack()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        string[] hostile = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", "=HYPERLINK(\"http://x\",\"a,b\")"];
        await database.AddAsync(hostile.Select((name, i) => (object)Log(LoginEventType.SignInFailed, Now.AddMinutes(-i), userName: name, location: name)).ToArray());
        await database.AddAsync(Log(LoginEventType.SignInFailed, Now.AddHours(-2), userName: "plain a-b=c", ip: "2001:db8::1"));

        var rows = await ExportAsync(database, new LoginHistoryFilter { Range = LoginHistoryRange.Custom });

        Assert.Equal(LoginLogCsvExporter.Header, rows[0]);
        var userNames = rows.Skip(1).Select(row => row[2]).ToList();
        Assert.Equal(hostile.Select(name => "'" + name).Append("plain a-b=c"), userNames);
        Assert.Equal(hostile.Select(name => "'" + name).Append("Berlin, DE"), rows.Skip(1).Select(row => row[18]));
        Assert.Equal("2001:db8::1", rows[^1][8]);
    }

    [Fact]
    public async Task Write_FieldStartingAFormulaInAnotherLocale_GetsALeadingApostropheAndStaysOneCell()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        string[] hostile = [";=1+2", ",=1+2", "|cmd", " =1+2", "\n=1+2", "a;=1+2"];
        await database.AddAsync(hostile.Select((name, i) => (object)Log(LoginEventType.SignInFailed, Now.AddMinutes(-i), userName: name)).ToArray());

        using var csv = new MemoryStream();
        await new LoginLogCsvExporter(database, TestAuditWindows.At(Now)).WriteAsync(new LoginHistoryFilter { Range = LoginHistoryRange.Custom }, csv);
        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray());

        foreach (var name in hostile.Take(5))
        {
            Assert.Contains($"\"'{name}\"", lines);
        }

        // Quoted, so that a spreadsheet splitting on ';' keeps the cell whole.
        Assert.Contains("\"a;=1+2\"", lines);
    }

    [Fact]
    public async Task Write_ExactlyTheFilteredRows_WithIsoUtcTimesAndEmptyNulls()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(
            Log(LoginEventType.SignInFailed, new DateTime(2026, 11, 18, 11, 30, 15, 250, DateTimeKind.Utc), userName: "root", reason: LoginFailureReason.UnknownUser),
            Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-5), userName: "alice@example.com"),
            Log(LoginEventType.SignInFailed, Now.AddDays(-3), userName: "old"));

        var rows = await ExportAsync(database, new LoginHistoryFilter { Range = LoginHistoryRange.Last24Hours, Outcome = LoginOutcome.Failed });

        var row = Assert.Single(rows.Skip(1));
        Assert.Equal("root", row[2]);
        Assert.Equal("SignInFailed", row[3]);
        Assert.Equal("false", row[4]);
        Assert.Equal("UnknownUser", row[5]);
        Assert.Equal(string.Empty, row[1]);
        Assert.Equal("2026-11-18T11:30:15.25Z", row[21]);
    }

    [Fact]
    public async Task Write_LocatedSuspiciousRow_CarriesItsPlaceNetworkReasonsRiskAndTrace()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var located = Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-1), userName: "alice@example.com");
        located.CountryCode = "DE";
        located.City = "Berlin";
        located.Latitude = 52.52;
        located.Longitude = 13.405;
        located.Suspicious = true;
        located.SuspiciousReasons = "NewDevice,NewCountry";
        located.Asn = 3320;
        located.AsOrg = "Deutsche Telekom AG";
        located.RiskLevel = LoginAudit.Data.Detection.RiskLevel.Medium;
        located.TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        await database.AddAsync(located);

        var rows = await ExportAsync(database, new LoginHistoryFilter { Range = LoginHistoryRange.Custom });

        var row = Assert.Single(rows.Skip(1));
        Assert.Equal(
            ["DE", "Berlin", "52.52", "13.405", "NewDevice,NewCountry", "3320", "Deutsche Telekom AG", "Medium", "4bf92f3577b34da6a3ce929d0e0e4736"],
            row[^9..]);
    }

    [Fact]
    public async Task Write_TenThousandYears_IsClampedToTheRetentionWindow()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(
            Log(LoginEventType.SignInFailed, Now.AddDays(-400), userName: "past-retention"),
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-5), userName: "recent"));
        var filter = LoginHistoryFilter.Parse("r=custom&from=0001-01-01T00:00:00-14:00&to=9999-12-31T23:59:59%2B14:00");

        var rows = await ExportAsync(database, filter);

        Assert.Equal(LoginHistoryRange.Custom, filter.Range);
        Assert.Equal(["recent"], rows.Skip(1).Select(row => row[2]));
    }

    private static async Task<List<string[]>> ExportAsync(TemporaryDatabase database, LoginHistoryFilter filter)
    {
        var exporter = new LoginLogCsvExporter(database, TestAuditWindows.At(Now));
        using var stream = new MemoryStream();
        await exporter.WriteAsync(filter, stream);

        using var reader = CsvReader.Create(new StringReader(Encoding.UTF8.GetString(stream.ToArray())), new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        return rows;
    }
}
