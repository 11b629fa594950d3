namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>Who is asking. Handlers decide what that person may touch from this, never from form fields.</summary>
public interface ICurrentUser
{
    /// <summary>The signed-in person's id, or null for an anonymous caller.</summary>
    string? UserId { get; }

    bool IsInRole(string role);
}
