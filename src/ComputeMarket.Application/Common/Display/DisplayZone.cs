using Microsoft.Extensions.Options;

namespace ComputeMarket.Application.Common.Display;

/// <summary>The platform's display zone (<c>Display:TimeZone</c>, an IANA id); China Standard Time unless configured.</summary>
public sealed class DisplayOptions
{
    public const string Section = "Display";

    public string TimeZone { get; set; } = "Asia/Shanghai";
}

/// <summary>
/// The one place that turns stored UTC times into the times people read, and people's days and months into UTC
/// ranges: statements filter by days in this zone, monthly limits reset at its midnight. Storage stays UTC.
/// </summary>
public sealed class DisplayZone
{
    public DisplayZone(IOptions<DisplayOptions> options)
    {
        Zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        Id = options.Value.TimeZone;
    }

    /// <summary>The zone China Standard Time (UTC+8, no daylight saving): the default, and what tests without configuration use.</summary>
    public static DisplayZone China { get; } = new(Options.Create(new DisplayOptions()));

    public TimeZoneInfo Zone { get; }

    public string Id { get; }

    /// <summary>The wall-clock time in the display zone of a UTC instant.</summary>
    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The offset from UTC at <paramref name="utc"/>, written as people read it: "UTC+8", "UTC+5:30", "UTC".</summary>
    public string OffsetLabel(DateTime utc)
    {
        var offset = Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        if (offset == TimeSpan.Zero)
        {
            return "UTC";
        }

        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var magnitude = offset.Duration();
        return magnitude.Minutes == 0 ? $"UTC{sign}{magnitude.Hours}" : $"UTC{sign}{magnitude.Hours}:{magnitude.Minutes:00}";
    }

    /// <summary>The calendar day in the display zone that <paramref name="utc"/> falls on.</summary>
    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>The UTC instant at which <paramref name="day"/> begins in the display zone.</summary>
    public DateTime StartOfDayUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight skipped by a clock change begins at the first minute that exists.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>The UTC instant at which the display zone's calendar month containing <paramref name="nowUtc"/> began.</summary>
    public DateTime MonthStartUtc(DateTime nowUtc)
    {
        var local = ToLocal(nowUtc);
        return StartOfDayUtc(new DateOnly(local.Year, local.Month, 1));
    }
}
