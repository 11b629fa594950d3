using ComputeMarket.Domain.Metering;

namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>
/// Stores new usage events in the running unit of work, skipping any whose (provider, event id) is stored already —
/// also one that another request stores at the same moment (the database's unique index decides, and the insert
/// waits for the other request's outcome). Returns how many it stored.
/// </summary>
public interface IUsageEventWriter
{
    Task<int> InsertNewAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken);
}
