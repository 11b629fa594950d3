using ComputeMarket.Domain.Organizations;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Organizations;

/// <summary>
/// What a notification says. A notification is stored with its kind and the English text (for logs, exports and the
/// database reader); people read it by its kind, in their own language: <c>notificationText.For(kind, storedMessage)</c>.
/// </summary>
public sealed class NotificationText(IStringLocalizer<Messages> localizer)
{
    private const string LowBalance = "Your wallet's available balance fell below your low-balance threshold.";
    private const string SpendingLimitReached = "A purchase was refused: it would have taken this month's spending past the monthly limit.";

    /// <summary>The English text stored with a new notification of <paramref name="kind"/>.</summary>
    public static string English(NotificationKind kind) => kind switch
    {
        NotificationKind.LowBalance => LowBalance,
        NotificationKind.SpendingLimitReached => SpendingLimitReached,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A notification kind without a text."),
    };

    /// <summary>The notification in the reader's language; a kind without a text of its own shows what was stored.</summary>
    public string For(NotificationKind kind, string storedMessage) => Enum.IsDefined(kind)
        ? localizer[English(kind)]
        : storedMessage;
}
