using System.Globalization;
using ComputeMarket.Application.Common.Display;
using ComputeMarket.Web.TagHelpers;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Tests.Localization;

public sealed class FormattingTests
{
    [Theory]
    [InlineData(999, "en", "999")]
    [InlineData(1_000, "en", "1K")]
    [InlineData(1_250_000, "en", "1.25M")]
    [InlineData(1_299_999, "en", "1.29M")]
    [InlineData(12_000_000, "en", "12M")]
    [InlineData(140_000_000_000_000, "en", "140T")]
    [InlineData(9_999, "zh-CN", "9,999")]
    [InlineData(10_000, "zh-CN", "1万")]
    [InlineData(12_000_000, "zh-CN", "1200万")]
    [InlineData(1_200_000_000, "zh-CN", "12亿")]
    [InlineData(140_000_000_000_000, "zh-CN", "140万亿")]
    [InlineData(-1_500_000, "en", "-1.5M")]
    public void Token_counts_are_abbreviated_the_way_the_reader_counts(long tokens, string language, string expected) =>
        Assert.Equal(expected, TokensTagHelper.Abbreviate(tokens, CultureInfo.GetCultureInfo(language)));

    [Fact]
    public void Times_are_shown_in_China_time_with_the_zone_named()
    {
        var utc = new DateTime(2026, 12, 31, 17, 30, 5, DateTimeKind.Utc);

        Assert.Equal("2027-01-01 01:30 UTC+8", LocalTimeTagHelper.Format(DisplayZone.China, utc, TimeShown.Minute));
        Assert.Equal("2027-01-01 01:30:05 UTC+8", LocalTimeTagHelper.Format(DisplayZone.China, utc, TimeShown.Second));
        Assert.Equal("2027-01-01", LocalTimeTagHelper.Format(DisplayZone.China, utc, TimeShown.Date));
    }

    [Fact]
    public void Another_display_zone_can_be_configured()
    {
        var london = new DisplayZone(Options.Create(new DisplayOptions { TimeZone = "Europe/London" }));
        var summer = new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc);

        Assert.Equal("2026-07-01 13:00 UTC+1", LocalTimeTagHelper.Format(london, summer, TimeShown.Minute));
        Assert.Equal(new DateTime(2026, 6, 30, 23, 0, 0, DateTimeKind.Utc), london.StartOfDayUtc(new DateOnly(2026, 7, 1)));
    }

    [Fact]
    public void Days_and_months_begin_at_midnight_China_time()
    {
        var zone = DisplayZone.China;

        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), zone.StartOfDayUtc(new DateOnly(2026, 12, 1)));
        // 23:59 UTC on 30 November is already 1 December in Beijing: December's month began eight hours before.
        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), zone.MonthStartUtc(new DateTime(2026, 11, 30, 23, 59, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc), zone.MonthStartUtc(new DateTime(2026, 11, 30, 15, 59, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 12, 1), zone.DayOf(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc)));
    }
}
