using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Infrastructure.Identity;

/// <summary>
/// Erases a person at their request (PIPL's right to deletion) without breaking the records others rely on: the
/// account row stays, so the ledger, orders, wallet requests and the audit log keep pointing at it, but everything
/// that identifies the person goes (name, email, phone, password, logins, tokens, claims, roles), they leave every
/// organization, and the account can never sign in again. The only owner of an organization is refused: the
/// organization would be left with nobody to act for it.
/// </summary>
public sealed class PersonalDataEraser(AppDbContext db, IUnitOfWork unitOfWork, ILookupNormalizer normalizer)
{
    public const string ErasedName = "Erased account";

    public Task<Result> EraseAsync(string userId, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(async ct =>
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null)
            {
                return Result.NotFound();
            }

            var organizations = await db.Organizations
                .Include(o => o.Memberships)
                .Where(o => o.Memberships.Any(m => m.UserId == userId))
                .ToListAsync(ct);
            var ownedAlone = organizations.Where(o => o.IsOnlyOwner(userId)).Select(o => o.Name).Order().ToList();
            if (ownedAlone.Count > 0)
            {
                return Result.Conflict(
                    $"You are the only owner of {string.Join(", ", ownedAlone)}. Make another member an owner first, or ask us to close the organization.");
            }

            foreach (var organization in organizations)
            {
                organization.RemoveMember(userId);
            }

            Anonymize(user);
            db.UserLogins.RemoveRange(await db.UserLogins.Where(l => l.UserId == userId).ToListAsync(ct));
            db.UserTokens.RemoveRange(await db.UserTokens.Where(t => t.UserId == userId).ToListAsync(ct));
            db.UserClaims.RemoveRange(await db.UserClaims.Where(c => c.UserId == userId).ToListAsync(ct));
            db.UserRoles.RemoveRange(await db.UserRoles.Where(r => r.UserId == userId).ToListAsync(ct));

            return await unitOfWork.SaveAsync(ct)
                ? Result.Ok()
                : Result.Conflict("Your memberships changed a moment ago. Try again.");
        }, cancellationToken);

    private void Anonymize(AppUser user)
    {
        // A unique, meaningless name keeps Identity's unique indexes satisfied; the .invalid domain can receive no mail.
        var name = $"erased-{user.Id}";
        user.UserName = name;
        user.NormalizedUserName = normalizer.NormalizeName(name);
        user.Email = $"{name}@erased.invalid";
        user.NormalizedEmail = normalizer.NormalizeEmail(user.Email);
        user.EmailConfirmed = false;
        user.DisplayName = ErasedName;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.PasswordHash = null;
        user.TwoFactorEnabled = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.AccessFailedCount = 0;
    }
}
