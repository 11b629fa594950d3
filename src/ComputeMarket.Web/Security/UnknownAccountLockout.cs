using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Security;

/// <summary>
/// Failed sign-ins for email addresses that have no account, counted like Identity counts them for real accounts
/// (the same number of attempts, the same lockout time), so that from the outside an unknown address locks exactly
/// as a real one does. Counts live in this instance's memory, capped in size; they are a disguise, not a defence.
/// </summary>
public sealed class UnknownAccountLockout(IOptions<IdentityOptions> identity, TimeProvider clock) : IDisposable
{
    // Identity's failure count never expires on its own; a day is long enough that the difference does not show.
    private static readonly TimeSpan Remembered = TimeSpan.FromDays(1);

    private readonly MemoryCache _attempts = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private string? _dummyHash;

    public bool IsLockedOut(string normalizedEmail) =>
        _attempts.TryGetValue(normalizedEmail, out Attempts? attempts) && attempts!.IsLockedOut(clock.GetUtcNow());

    /// <summary>Counts a failure; true when it is the one that locks the address (as Identity's AccessFailed does).</summary>
    public bool RecordFailure(string normalizedEmail)
    {
        var attempts = _attempts.GetOrCreate(normalizedEmail, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = Remembered;
            return new Attempts();
        })!;
        var lockout = identity.Value.Lockout;
        return attempts.Fail(clock.GetUtcNow(), lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan);
    }

    /// <summary>
    /// A hash made once with the application's own hasher and settings, so that checking a password against it costs
    /// what checking a real account's password costs.
    /// </summary>
    public string DummyHash(IPasswordHasher<AppUser> hasher) =>
        LazyInitializer.EnsureInitialized(ref _dummyHash, () => hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString("N")));

    public void Dispose() => _attempts.Dispose();

    private sealed class Attempts
    {
        private int _failures;
        private DateTimeOffset _lockedUntil;

        public bool IsLockedOut(DateTimeOffset now)
        {
            lock (this)
            {
                return _lockedUntil > now;
            }
        }

        public bool Fail(DateTimeOffset now, int maxFailures, TimeSpan lockoutTime)
        {
            lock (this)
            {
                if (++_failures < maxFailures)
                {
                    return false;
                }

                _failures = 0;
                _lockedUntil = now + lockoutTime;
                return true;
            }
        }
    }
}
