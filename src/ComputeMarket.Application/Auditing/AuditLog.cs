using System.Text.Json;
using System.Text.Json.Serialization;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Auditing;

namespace ComputeMarket.Application.Auditing;

/// <summary>Records an administrative action in the same unit of work as the action itself.</summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static void Record(this IAppDbContext db, DateTime nowUtc, string actorUserId, string action, string subject, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry(
            nowUtc,
            actorUserId,
            action,
            subject,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json)));
}
