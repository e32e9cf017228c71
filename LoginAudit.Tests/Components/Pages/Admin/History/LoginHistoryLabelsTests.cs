using LoginAudit.Data.Auditing;
using LoginAudit.Web.Components.Pages.Admin.History;
using LoginAudit.Web.Components.Pages.Admin.Shared;

namespace LoginAudit.Tests.Components.Pages.Admin.History;

public sealed class LoginHistoryLabelsTests
{
    public static TheoryData<LoginEventType> EventTypes => new(Enum.GetValues<LoginEventType>());

    public static TheoryData<LoginFailureReason> Reasons => new(Enum.GetValues<LoginFailureReason>());

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Event_EveryType_IsSaidInWordsNotAsItsCode(LoginEventType type) =>
        Assert.NotEqual(type.ToString(), LoginHistoryLabels.Event(type));

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Reason_EveryReason_IsSaidInWordsOnBothLists(LoginFailureReason reason)
    {
        Assert.NotEqual(reason.ToString(), LoginHistoryLabels.Reason(reason));
        Assert.NotEqual(reason.ToString(), EventText.Reason(reason));
    }
}
