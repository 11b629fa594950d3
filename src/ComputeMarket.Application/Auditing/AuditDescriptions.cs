using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Auditing;

/// <summary>A value of an audited field as a person reads it: an amount in fen (shown as money) or text.</summary>
public sealed record AuditValue(string? Text, long? Fen = null);

/// <summary>One field of an audited thing before and after the action, labelled in the reader's language.</summary>
public sealed record AuditChange(string Field, AuditValue? Before, AuditValue? After)
{
    public bool Changed => Before != After;
}

/// <summary>
/// Turns the JSON an audit entry keeps into a field-by-field diff a person can read: labels and values in the
/// request's language, money fields as amounts, people and organizations by name. The stored JSON is never changed;
/// it stays available as it was written (the export).
/// </summary>
internal sealed class AuditDescriptions(IStringLocalizer<Messages> localizer, IReadOnlyDictionary<string, string> names)
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["TopUp.Confirm"] = "Confirmed a top-up",
        ["TopUp.Reject"] = "Rejected a top-up",
        ["Payout.Approve"] = "Approved a payout",
        ["Payout.Reject"] = "Rejected a payout",
        ["Organization.ChangeMemberRole"] = "Changed a member's role",
        ["Organization.VerifyProvider"] = "Verified a provider",
        ["Organization.RevokeProvider"] = "Revoked a provider's verification",
        ["Settlement.RunNow"] = "Ran settlement now",
        ["Platform.SetFeeRate"] = "Set the platform fee",
        ["ApiKey.Create"] = "Created an API key",
        ["ApiKey.Revoke"] = "Revoked an API key",
    };

    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["Status"] = "Status",
        ["Amount"] = "Amount",
        ["OrganizationId"] = "Organization",
        ["Note"] = "Note",
        ["Member"] = "Member",
        ["Role"] = "Role",
        ["IsVerifiedProvider"] = "Verified provider",
        ["Name"] = "Name",
        ["MonthlySpendingLimit"] = "Monthly spending limit",
        ["LowBalanceThreshold"] = "Low-balance threshold",
        ["WaitingEvents"] = "Usage events waiting",
        ["FeeBasisPoints"] = "Platform fee (basis points)",
        ["Scope"] = "Scope",
        ["Prefix"] = "Key prefix",
        ["Revoked"] = "Revoked",
    };

    /// <summary>Enum values the audited states hold (statuses and roles), by the English word stored in the JSON.</summary>
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "Requested", "Confirmed", "Rejected", "Approved", "Owner", "Purchaser", "Viewer", "Metering", "Usage",
    };

    /// <summary>Fields whose ids name a person or an organization, looked up by <see cref="ReferencedIds"/>.</summary>
    private static readonly HashSet<string> References = new(StringComparer.Ordinal) { "OrganizationId", "Member" };

    public string Action(string action) => Actions.TryGetValue(action, out var text) ? localizer[text].Value : action;

    public string Subject(string subject)
    {
        var colon = subject.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return subject;
        }

        var (kind, id) = (subject[..colon], subject[(colon + 1)..]);
        return kind switch
        {
            "topup" => localizer["Top-up {0}", id].Value,
            "payout" => localizer["Payout {0}", id].Value,
            "organization" => names.TryGetValue(id, out var name) ? name : id,
            _ => subject,
        };
    }

    public IReadOnlyList<AuditChange> Changes(string? before, string? after)
    {
        var old = Fields(before);
        var @new = Fields(after);
        return old.Keys.Concat(@new.Keys).Distinct(StringComparer.Ordinal)
            .Select(field => new AuditChange(
                FieldLabels.TryGetValue(field, out var label) ? localizer[label].Value : field,
                old.TryGetValue(field, out var b) ? Value(field, b) : null,
                @new.TryGetValue(field, out var a) ? Value(field, a) : null))
            .ToList();
    }

    /// <summary>The ids of people and organizations the entries mention, so one query can name them all.</summary>
    public static IEnumerable<string> ReferencedIds(string subject, params string?[] states)
    {
        if (subject.StartsWith("organization:", StringComparison.Ordinal))
        {
            yield return subject["organization:".Length..];
        }

        foreach (var state in states)
        {
            foreach (var (field, value) in Fields(state))
            {
                if (References.Contains(field) && value.ValueKind == JsonValueKind.String)
                {
                    yield return value.GetString()!;
                }
            }
        }
    }

    private AuditValue Value(string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => new AuditValue(null),
        JsonValueKind.True => new AuditValue(localizer["Yes"].Value),
        JsonValueKind.False => new AuditValue(localizer["No"].Value),
        JsonValueKind.Number when IsMoney(field) && value.TryGetInt64(out var fen) => new AuditValue(null, fen),
        JsonValueKind.String when References.Contains(field) && names.TryGetValue(value.GetString()!, out var name) => new AuditValue(name),
        JsonValueKind.String when Words.Contains(value.GetString()!) => new AuditValue(localizer[value.GetString()!].Value),
        JsonValueKind.String => new AuditValue(value.GetString()),
        JsonValueKind.Number => new AuditValue(value.GetRawText()),
        _ => new AuditValue(value.GetRawText()),
    };

    private static bool IsMoney(string field) =>
        field.EndsWith("Amount", StringComparison.Ordinal) || field is "MonthlySpendingLimit" or "LowBalanceThreshold";

    private static Dictionary<string, JsonElement> Fields(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : new Dictionary<string, JsonElement> { ["Value"] = document.RootElement.Clone() };
        }
        catch (JsonException)
        {
            // An entry written by hand or by an older version: show what is there rather than hide the entry.
            return new Dictionary<string, JsonElement> { ["Value"] = JsonSerializer.SerializeToElement(json) };
        }
    }
}
