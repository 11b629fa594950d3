using ComputeMarket.Application.Organizations;

namespace ComputeMarket.Application.Tests.Organizations;

/// <summary>Builders for people and organizations used across the slice tests.</summary>
internal static class Accounts
{
    public const string GoodPassword = "correct-horse-42";

    public static RegisterAccount Founder(string email, string organization = "Lanting AI Studio") =>
        new(email, GoodPassword, "Li Buyer", organization);

    public static async Task<RegisteredAccount> RegisterFounderAsync(this SliceFixture fixture, string email, string organization = "Lanting AI Studio")
    {
        var result = await fixture.Send(Founder(email, organization));
        Assert.True(result.Succeeded, result.Message);
        return result.Value;
    }
}
