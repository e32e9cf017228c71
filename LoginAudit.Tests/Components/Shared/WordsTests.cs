using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Web.Components.Pages.Admin.History;
using LoginAudit.Web.Components.Shared;

namespace LoginAudit.Tests.Components.Shared;

public sealed class WordsTests
{
    [Fact]
    public void Event_EveryType_HasItsOwnWords()
    {
        var words = Enum.GetValues<LoginEventType>().Select(Words.Event).ToList();

        Assert.Equal(words.Count, words.Distinct().Count());
        Assert.DoesNotContain(words, word => Enum.GetNames<LoginEventType>().Contains(word));
    }

    [Fact]
    public void Reason_EveryReason_HasItsOwnWords()
    {
        var words = Enum.GetValues<LoginFailureReason>().Select(reason => Words.Reason(reason)).ToList();

        Assert.Equal(words.Count, words.Distinct().Count());
    }

    [Fact]
    public void SuspicionsOf_StoredList_GivesKnownSignalsInDeclaredOrder()
    {
        Assert.Equal([SuspicionReasons.NewDevice, SuspicionReasons.BotUserAgent], Words.SuspicionsOf("BotUserAgent,Bogus,NewDevice"));
    }

    [Theory]
    [InlineData("?sort=User", "UserName", true)]
    [InlineData("?sort=user&dir=asc", "UserName", false)]
    [InlineData("?sort=Network&dir=ASC", "Asn", false)]
    [InlineData("?sort=Password&dir=asc", "CreatedAt", true)]
    [InlineData("", "CreatedAt", true)]
    public void HistoryView_SortInTheUrl_MapsToTheSqlColumn(string query, string column, bool descending)
    {
        var sort = HistoryView.Parse(query).Sort;

        Assert.Equal(column, sort.Column.ToString());
        Assert.Equal(descending, sort.Descending);
    }

    [Theory]
    [InlineData("User,Time,-Event|comfortable", "User,Time,-Event,Outcome,Ip,Browser,Os,Device,Location,Network,Risk,Suspicious|comfortable")]
    [InlineData("Bogus,-Time,Time", "-Time,Event,Outcome,User,Ip,Browser,Os,Device,Location,Network,Risk,Suspicious|dense")]
    [InlineData(null, "Time,Event,Outcome,User,Ip,Browser,Os,Device,Location,Network,Risk,Suspicious|dense")]
    public void ColumnLayout_StoredText_ParsesToleratingUnknownNames(string? stored, string expected)
    {
        Assert.Equal(expected, ColumnLayout.Parse(stored).Serialize());
    }
}
