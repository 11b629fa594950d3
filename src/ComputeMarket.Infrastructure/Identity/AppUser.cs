using Microsoft.AspNetCore.Identity;

namespace ComputeMarket.Infrastructure.Identity;

/// <summary>A person who can sign in. What they may do comes from memberships and platform roles.</summary>
public sealed class AppUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    public const int PreferredLanguageMaxLength = 16;

    [PersonalData]
    public string DisplayName { get; set; } = "";

    [PersonalData]
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The language the person chose ("zh-CN", "en"); null until they choose, when the browser's applies.</summary>
    [PersonalData]
    public string? PreferredLanguage { get; set; }
}
