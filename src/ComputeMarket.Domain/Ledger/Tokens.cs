using System.Globalization;

namespace ComputeMarket.Domain.Ledger;

/// <summary>A count of tokens (or TOK credits): never negative, overflow throws.</summary>
public readonly record struct Tokens : IComparable<Tokens>
{
    public Tokens(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
    }

    public long Count { get; }

    public static Tokens Zero => default;

    public static Tokens operator +(Tokens left, Tokens right) => new(checked(left.Count + right.Count));

    public static Tokens operator -(Tokens left, Tokens right) => new(checked(left.Count - right.Count));

    public static bool operator <(Tokens left, Tokens right) => left.Count < right.Count;

    public static bool operator >(Tokens left, Tokens right) => left.Count > right.Count;

    public static bool operator <=(Tokens left, Tokens right) => left.Count <= right.Count;

    public static bool operator >=(Tokens left, Tokens right) => left.Count >= right.Count;

    public int CompareTo(Tokens other) => Count.CompareTo(other.Count);

    public override string ToString() => Count.ToString("N0", CultureInfo.InvariantCulture);
}
