namespace ComputeMarket.Domain.Common;

/// <summary>
/// Thrown when code asks an entity to break one of its invariants. Expected business outcomes are
/// checked by the use case before it calls the entity, so this signals a bug, not a user mistake.
/// </summary>
public sealed class DomainException(string message) : InvalidOperationException(message);
