using ComputeMarket.Application.Auditing;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Metering;

/// <summary>An owner gives a program a key to call the API for the organization: metering (verified providers) or reading usage.</summary>
public sealed record CreateApiKey(Guid OrganizationId, string Name, ApiKeyScope Scope) : IRequest<Result<CreatedApiKey>>;

/// <summary>The secret is shown once: only its hash and its first characters are stored.</summary>
public sealed record CreatedApiKey(Guid KeyId, string Secret, ApiKeyScope Scope);

/// <summary>An owner stops a key from working, at once and for good.</summary>
public sealed record RevokeApiKey(Guid OrganizationId, Guid KeyId) : IRequest<Result>;

/// <summary>An organization's keys, as its owners manage them: never their secrets.</summary>
public sealed record GetApiKeys(Guid OrganizationId) : IRequest<Result<ApiKeysView>>;

public sealed record ApiKeysView(Guid OrganizationId, string OrganizationName, bool IsVerifiedProvider, IReadOnlyList<ApiKeyRow> Keys)
{
    /// <summary>Metering keys are for verified providers only.</summary>
    public bool MayMeter => IsVerifiedProvider;
}

public sealed record ApiKeyRow(
    Guid Id,
    string Name,
    ApiKeyScope Scope,
    string Prefix,
    DateTime CreatedAtUtc,
    string CreatedBy,
    DateTime? LastUsedAtUtc,
    DateTime? RevokedAtUtc)
{
    public bool IsRevoked => RevokedAtUtc is not null;
}

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKey>
{
    public CreateApiKeyValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.Name)
            .Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage(_ => localizer["Name the key, e.g. \"metering agent, rack 3\"."])
            .Must(name => name is null || name.Trim().Length <= ApiKey.NameMaxLength)
            .WithMessage(_ => localizer["A key's name has at most {0} characters.", ApiKey.NameMaxLength]);
        RuleFor(r => r.Scope).IsInEnum().WithMessage(_ => localizer["Choose metering or usage."]);
    }
}

internal sealed class CreateApiKeyHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<CreateApiKey, Result<CreatedApiKey>>
{
    public async Task<Result<CreatedApiKey>> Handle(CreateApiKey request, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations
            .Where(o => o.Id == request.OrganizationId)
            .Select(o => new { o.Id, o.IsVerifiedProvider })
            .SingleOrDefaultAsync(cancellationToken);
        if (organization is null)
        {
            return Result<CreatedApiKey>.NotFound(localizer["There is no such organization."]);
        }

        if (await db.RoleInAsync(organization.Id, currentUser.UserId, cancellationToken) != MembershipRole.Owner)
        {
            return Result<CreatedApiKey>.Forbidden(localizer["Only an owner of the organization can manage its API keys."]);
        }

        if (request.Scope == ApiKeyScope.Metering && !organization.IsVerifiedProvider)
        {
            return Result<CreatedApiKey>.Invalid(nameof(request.Scope), localizer["Metering keys are for verified providers. Choose a usage key, or ask the platform to verify your organization as a provider."]);
        }

        return await unitOfWork.ExecuteAsync<Result<CreatedApiKey>>(async ct =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var secret = ApiKey.Marker(request.Scope) + SecretToken.New();
            var key = ApiKey.Create(organization.Id, request.Name, request.Scope, secret, SecretToken.Hash(secret), currentUser.UserId!, now);
            db.ApiKeys.Add(key);
            db.Record(now, currentUser.UserId!, "ApiKey.Create", $"organization:{organization.Id}", null, ApiKeyAudit.State(key));
            await unitOfWork.SaveAsync(ct);
            return new CreatedApiKey(key.Id, secret, key.Scope);
        }, cancellationToken);
    }
}

internal sealed class RevokeApiKeyHandler(IAppDbContext db, IUnitOfWork unitOfWork, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<RevokeApiKey, Result>
{
    public async Task<Result> Handle(RevokeApiKey request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken) != MembershipRole.Owner)
        {
            return Result.Forbidden(localizer["Only an owner of the organization can manage its API keys."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            // A key of another organization is as unknown here as a key that never was.
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == request.KeyId && k.OrganizationId == request.OrganizationId, ct);
            if (key is null)
            {
                return Result.NotFound(localizer["There is no such API key."]);
            }

            if (key.IsRevoked)
            {
                // Revoking twice (two tabs, a double click) changes nothing and is not audited again.
                return Result.Ok();
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var before = ApiKeyAudit.State(key);
            key.Revoke(now);
            db.Record(now, currentUser.UserId!, "ApiKey.Revoke", $"organization:{key.OrganizationId}", before, ApiKeyAudit.State(key));
            return await unitOfWork.SaveAsync(ct) ? Result.Ok() : Result.Conflict(localizer["This key changed a moment ago. Try again."]);
        }, cancellationToken);
    }
}

internal sealed class GetApiKeysHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer)
    : IRequestHandler<GetApiKeys, Result<ApiKeysView>>
{
    public async Task<Result<ApiKeysView>> Handle(GetApiKeys request, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations
            .Where(o => o.Id == request.OrganizationId)
            .Select(o => new { o.Id, o.Name, o.IsVerifiedProvider })
            .SingleOrDefaultAsync(cancellationToken);
        if (organization is null)
        {
            return Result<ApiKeysView>.NotFound(localizer["There is no such organization."]);
        }

        if (await db.RoleInAsync(organization.Id, currentUser.UserId, cancellationToken) != MembershipRole.Owner)
        {
            return Result<ApiKeysView>.Forbidden(localizer["Only an owner of the organization can manage its API keys."]);
        }

        var keys = await (
                from key in db.ApiKeys
                where key.OrganizationId == organization.Id
                join user in db.Users on key.CreatedByUserId equals user.Id into creators
                from creator in creators.DefaultIfEmpty()
                select new { Key = key, CreatedBy = creator == null ? null : creator.DisplayName })
            .ToListAsync(cancellationToken);

        var rows = keys
            .OrderBy(k => k.Key.IsRevoked)
            .ThenByDescending(k => k.Key.CreatedAtUtc)
            .Select(k => new ApiKeyRow(k.Key.Id, k.Key.Name, k.Key.Scope, k.Key.Prefix, k.Key.CreatedAtUtc, k.CreatedBy ?? "—", k.Key.LastUsedAtUtc, k.Key.RevokedAtUtc))
            .ToList();
        return new ApiKeysView(organization.Id, organization.Name, organization.IsVerifiedProvider, rows);
    }
}

/// <summary>What the audit log keeps of a key: never its secret or hash.</summary>
internal static class ApiKeyAudit
{
    public static object State(ApiKey key) => new
    {
        key.Name,
        Scope = key.Scope.ToString(),
        key.Prefix,
        Revoked = key.IsRevoked,
    };
}
