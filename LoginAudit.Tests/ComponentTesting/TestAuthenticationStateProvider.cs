using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace LoginAudit.Tests.ComponentTesting;

/// <summary>
/// Who is signed in, as a test decides. Starts anonymous. Changing the user notifies
/// <c>AuthorizeView</c> and the cascading authentication state, so rendered components update.
/// </summary>
public sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
{
    public const string AdminRole = "Admin";

    // Any non-empty authentication type makes the identity authenticated.
    private const string AuthenticationType = "ComponentTest";

    private AuthenticationState _state = new(new ClaimsPrincipal(new ClaimsIdentity()));

    public ClaimsPrincipal User => _state.User;

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(_state);

    public void SetAnonymous() => SetPrincipal(new ClaimsPrincipal(new ClaimsIdentity()));

    /// <summary>Signs in a user; <paramref name="id"/> defaults to a fixed id derived from the name.</summary>
    public void SetUser(string name, string? id = null, params string[] roles)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name),
            new(ClaimTypes.NameIdentifier, id ?? $"user-{name}"),
        };
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        SetPrincipal(new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role)));
    }

    /// <summary>Signs in a user in the <see cref="AdminRole"/> role.</summary>
    public void SetAdmin(string name = "admin@loginaudit.test", string? id = null) => SetUser(name, id, AdminRole);

    private void SetPrincipal(ClaimsPrincipal user)
    {
        _state = new AuthenticationState(user);
        NotifyAuthenticationStateChanged(Task.FromResult(_state));
    }
}
