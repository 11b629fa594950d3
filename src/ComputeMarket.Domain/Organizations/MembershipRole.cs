namespace ComputeMarket.Domain.Organizations;

public enum MembershipRole
{
    Member = 0,
    Owner = 1,
}
