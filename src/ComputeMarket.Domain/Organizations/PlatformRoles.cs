namespace ComputeMarket.Domain.Organizations;

/// <summary>Platform-wide roles, held by people rather than organizations (product.md §2).</summary>
public static class PlatformRoles
{
    public const string Administrator = "Administrator";
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All = [Administrator, Auditor];
}
