using ComputeMarket.Application.Auditing;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Application.Tests.Organizations;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Metering;

/// <summary>API keys: owners create them (metering only for verified providers), see the secret once, and revoke them.</summary>
public abstract class ApiKeyTests(SliceFixture fixture)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..30];

    private Task<int> KeysOfAsync(Guid organization) => fixture.Query(db => db.ApiKeys.CountAsync(k => k.OrganizationId == organization));

    private async Task<string> MemberAsync(Trader owner, MembershipRole role)
    {
        var link = (await fixture.Send(new CreateInvitation(owner.OrganizationId, Role: role), owner.UserId)).Value;
        var member = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@member.example", Unique("Member Home"));
        Assert.True((await fixture.Send(new AcceptInvitation(link.Token), member.UserId)).Succeeded);
        return member.UserId;
    }

    [DatabaseFact]
    public async Task A_providers_owner_creates_a_metering_key_of_which_only_the_hash_and_prefix_are_stored()
    {
        var provider = await fixture.ProviderAsync(Unique("Key Provider"));

        var created = await fixture.Send(new CreateApiKey(provider.OrganizationId, "  Metering agent  ", ApiKeyScope.Metering), provider.UserId);

        Assert.True(created.Succeeded, created.Message);
        var secret = created.Value.Secret;
        Assert.StartsWith("cmm_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length > 40, "the secret carries 256 random bits");
        var stored = await fixture.Query(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == created.Value.KeyId));
        Assert.Equal(provider.OrganizationId, stored.OrganizationId);
        Assert.Equal("Metering agent", stored.Name);
        Assert.Equal(ApiKeyScope.Metering, stored.Scope);
        Assert.Equal(SecretToken.Hash(secret), stored.Hash);
        Assert.NotEqual(secret, stored.Hash);
        Assert.Equal(secret[..ApiKey.PrefixLength], stored.Prefix);
        Assert.Equal(provider.UserId, stored.CreatedByUserId);
        Assert.Equal(fixture.Clock.GetUtcNow().UtcDateTime, stored.CreatedAtUtc);
        Assert.Null(stored.LastUsedAtUtc);
        Assert.Null(stored.RevokedAtUtc);

        // The secret is nowhere in the database: not in the key's row, not in the audit log.
        var audit = await fixture.Query(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "ApiKey.Create" && e.Subject == $"organization:{provider.OrganizationId}").ToListAsync());
        var entry = Assert.Single(audit);
        Assert.DoesNotContain(secret, entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Hash, entry.After, StringComparison.Ordinal);
        Assert.Contains(stored.Prefix, entry.After, StringComparison.Ordinal);

        var listed = (await fixture.Send(new GetApiKeys(provider.OrganizationId), provider.UserId)).Value;
        var row = Assert.Single(listed.Keys);
        Assert.Equal((stored.Id, "Metering agent", ApiKeyScope.Metering, stored.Prefix, "Li Buyer", false), (row.Id, row.Name, row.Scope, row.Prefix, row.CreatedBy, row.IsRevoked));
        Assert.True(listed.MayMeter);
    }

    [DatabaseFact]
    public async Task An_organization_that_is_not_a_verified_provider_may_create_usage_keys_but_not_metering_keys()
    {
        var buyer = await fixture.BuyerAsync(Unique("Key Buyer"), 0);

        var metering = await fixture.Send(new CreateApiKey(buyer.OrganizationId, "Agent", ApiKeyScope.Metering), buyer.UserId);
        Assert.Equal(ResultStatus.Invalid, metering.Status);
        Assert.Contains("Metering keys are for verified providers. Choose a usage key, or ask the platform to verify your organization as a provider.", metering.Errors["Scope"]);
        Assert.Equal(0, await KeysOfAsync(buyer.OrganizationId));

        var usage = await fixture.Send(new CreateApiKey(buyer.OrganizationId, "Monthly report", ApiKeyScope.Usage), buyer.UserId);
        Assert.True(usage.Succeeded, usage.Message);
        Assert.StartsWith("cmu_", usage.Value.Secret, StringComparison.Ordinal);
        Assert.Equal(1, await KeysOfAsync(buyer.OrganizationId));
        Assert.False((await fixture.Send(new GetApiKeys(buyer.OrganizationId), buyer.UserId)).Value.MayMeter);
    }

    [DatabaseFact]
    public async Task Viewers_purchasers_strangers_and_anonymous_callers_can_neither_list_create_nor_revoke_keys()
    {
        var owner = await fixture.ProviderAsync(Unique("Owners Keys"));
        var viewer = await MemberAsync(owner, MembershipRole.Viewer);
        var purchaser = await MemberAsync(owner, MembershipRole.Purchaser);
        var stranger = await fixture.BuyerAsync(Unique("Stranger"), 0);
        var key = (await fixture.Send(new CreateApiKey(owner.OrganizationId, "Agent", ApiKeyScope.Metering), owner.UserId)).Value;

        foreach (var caller in new[] { viewer, purchaser, stranger.UserId, null })
        {
            Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new CreateApiKey(owner.OrganizationId, "Mine", ApiKeyScope.Usage), caller)).Status);
            Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new RevokeApiKey(owner.OrganizationId, key.KeyId), caller)).Status);
            Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetApiKeys(owner.OrganizationId), caller)).Status);
        }

        Assert.Equal(1, await KeysOfAsync(owner.OrganizationId));
        Assert.Null((await fixture.Query(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.KeyId))).RevokedAtUtc);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new CreateApiKey(Guid.NewGuid(), "Nowhere", ApiKeyScope.Usage), owner.UserId)).Status);
    }

    [DatabaseTheory]
    [InlineData("", "Name the key, e.g. \"metering agent, rack 3\".")]
    [InlineData("   ", "Name the key, e.g. \"metering agent, rack 3\".")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890", "A key's name has at most 60 characters.")]
    public async Task A_key_needs_a_name_of_at_most_sixty_characters(string name, string message)
    {
        var owner = await fixture.BuyerAsync(Unique("Names"), 0);

        var result = await fixture.Send(new CreateApiKey(owner.OrganizationId, name, ApiKeyScope.Usage), owner.UserId);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors["Name"]);
        Assert.Equal(0, await KeysOfAsync(owner.OrganizationId));
    }

    [DatabaseFact]
    public async Task A_scope_that_does_not_exist_is_refused()
    {
        var owner = await fixture.ProviderAsync(Unique("Scopes"));

        var result = await fixture.Send(new CreateApiKey(owner.OrganizationId, "Odd", (ApiKeyScope)7), owner.UserId);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("Choose metering or usage.", result.Errors["Scope"]);
        Assert.Equal(0, await KeysOfAsync(owner.OrganizationId));
    }

    [DatabaseFact]
    public async Task Revoking_sets_the_time_once_and_is_audited_once()
    {
        var owner = await fixture.ProviderAsync(Unique("Revoker"));
        var key = (await fixture.Send(new CreateApiKey(owner.OrganizationId, "Agent", ApiKeyScope.Metering), owner.UserId)).Value;
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var revokedAt = fixture.Clock.GetUtcNow().UtcDateTime;

        Assert.True((await fixture.Send(new RevokeApiKey(owner.OrganizationId, key.KeyId), owner.UserId)).Succeeded);
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await fixture.Send(new RevokeApiKey(owner.OrganizationId, key.KeyId), owner.UserId)).Succeeded);

        var stored = await fixture.Query(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.KeyId));
        Assert.Equal(revokedAt, stored.RevokedAtUtc);
        var entries = await fixture.Query(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "ApiKey.Revoke" && e.Subject == $"organization:{owner.OrganizationId}").ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal(owner.UserId, entry.ActorUserId);
        Assert.Contains("\"Revoked\":false", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"Revoked\":true", entry.After, StringComparison.Ordinal);
        var row = Assert.Single((await fixture.Send(new GetApiKeys(owner.OrganizationId), owner.UserId)).Value.Keys);
        Assert.Equal(revokedAt, row.RevokedAtUtc);
    }

    [DatabaseFact]
    public async Task An_owner_cannot_revoke_another_organizations_key_through_their_own()
    {
        var victim = await fixture.ProviderAsync(Unique("Victim"));
        var attacker = await fixture.ProviderAsync(Unique("Attacker"));
        var key = (await fixture.Send(new CreateApiKey(victim.OrganizationId, "Agent", ApiKeyScope.Metering), victim.UserId)).Value;

        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new RevokeApiKey(attacker.OrganizationId, key.KeyId), attacker.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new RevokeApiKey(victim.OrganizationId, key.KeyId), attacker.UserId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new RevokeApiKey(victim.OrganizationId, Guid.NewGuid()), victim.UserId)).Status);

        Assert.Null((await fixture.Query(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.KeyId))).RevokedAtUtc);
        Assert.Empty((await fixture.Send(new GetApiKeys(attacker.OrganizationId), attacker.UserId)).Value.Keys);
    }

    [DatabaseFact]
    public async Task The_audit_log_reads_creating_and_revoking_a_key_in_words()
    {
        var owner = await fixture.ProviderAsync(Unique("Audited Keys"));
        var key = (await fixture.Send(new CreateApiKey(owner.OrganizationId, "Read aloud", ApiKeyScope.Metering), owner.UserId)).Value;
        Assert.True((await fixture.Send(new RevokeApiKey(owner.OrganizationId, key.KeyId), owner.UserId)).Succeeded);

        var log = (await fixture.Send(new GetAuditLog(), "auditor", PlatformRoles.Auditor)).Value;

        var created = log.Rows.First(r => r.Action == "ApiKey.Create" && r.Subject == $"organization:{owner.OrganizationId}");
        var revoked = log.Rows.First(r => r.Action == "ApiKey.Revoke" && r.Subject == $"organization:{owner.OrganizationId}");
        Assert.Equal("Created an API key", created.ActionText);
        Assert.Equal("Revoked an API key", revoked.ActionText);
        Assert.Contains(created.Changes, c => c.Field == "Scope" && c.After == new AuditValue("Metering"));
        Assert.Contains(created.Changes, c => c.Field == "Key prefix" && c.After!.Text!.StartsWith("cmm_", StringComparison.Ordinal));
        Assert.Contains(revoked.Changes, c => c.Field == "Revoked" && c.Before == new AuditValue("No") && c.After == new AuditValue("Yes"));
    }

    public sealed class OnSqlite(SliceFixture fixture) : ApiKeyTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : ApiKeyTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
