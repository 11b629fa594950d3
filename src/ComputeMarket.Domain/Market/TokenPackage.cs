using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Market;

/// <summary>What happens to a package's unconsumed value when it expires, stated on the package.</summary>
public enum PackageExpiryRule
{
    Refund = 0,
    Forfeit = 1,
}

/// <summary>A prepaid bundle sold on an offer, e.g. 10,000,000 tokens for ¥39.90, valid 30 days.</summary>
public sealed class TokenPackage
{
    public const int NameMaxLength = 60;

    private TokenPackage()
    {
    }

    public TokenPackage(Guid offerId, string name, long tokens, long price, int validityDays, PackageExpiryRule expiryRule)
    {
        if (tokens <= 0 || price <= 0 || validityDays is < 1 or > 366)
        {
            throw new DomainException("A package needs tokens, a price and a validity of 1 to 366 days.");
        }

        Id = Guid.NewGuid();
        OfferId = offerId;
        Name = name.Trim();
        Tokens = tokens;
        Price = price;
        ValidityDays = validityDays;
        ExpiryRule = expiryRule;
        IsOnSale = true;
    }

    public Guid Id { get; private set; }

    public Guid OfferId { get; private set; }

    public string Name { get; private set; } = "";

    public long Tokens { get; private set; }

    /// <summary>In fen, paid in full at purchase.</summary>
    public long Price { get; private set; }

    public int ValidityDays { get; private set; }

    public PackageExpiryRule ExpiryRule { get; private set; }

    public bool IsOnSale { get; private set; }

    public void Withdraw() => IsOnSale = false;
}
