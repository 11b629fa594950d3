namespace ComputeMarket.Infrastructure.Identity;

/// <summary>
/// The "Bootstrap" configuration section: the first administrator, created at start-up when no account with
/// that email exists. Set it through environment variables or a secret store in production.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public AdministratorAccount Administrator { get; set; } = new();

    public sealed class AdministratorAccount
    {
        public string? Email { get; set; }

        public string? Password { get; set; }

        public string DisplayName { get; set; } = "Platform administrator";
    }
}
