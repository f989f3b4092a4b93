using System.Security.Claims;
using Curio.Server.Components;
using Curio.Server.Components.Endpoints;
using Curio.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Curio.Server.Hosting;

/// <summary>
/// The web UI (Blazor, interactive server rendering) and its cookie sign-in. The API keeps its bearer tokens: the cookie
/// scheme is named only by the UI's endpoints, so an API request without a token still gets a 401 problem, never a redirect.
/// </summary>
internal static class WebUi
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string PolicyName = "ui";

    public static void AddCurioUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<FolderEvents>();
        services.AddScoped<ItemViewChoice>();
        services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.Cookie.Name = "curio_ui";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());
    }

    public static void MapCurioUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization(PolicyName).ExcludeFromDescription();

        // What the pages load outside the circuit (thumbnails, media, CSV downloads), with the UI's cookie.
        app.MapGroup("/ui").RequireAuthorization(PolicyName).ExcludeFromDescription().MapItemUi().MapJobUi();
        app.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieScheme);
            return Results.Redirect("/signin");
        }).RequireAuthorization(PolicyName).ExcludeFromDescription();
    }

    /// <summary>Checks a user name and password against the stored hash, as <c>curio</c> sign-in does; null when they do not match.</summary>
    public static async Task<ClaimsPrincipal?> CheckPasswordAsync(IStorage storage, string userName, string password, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrEmpty(userName) ? null : await storage.Auth.FindUserAsync(userName, cancellationToken);
        if (user?.PasswordHash is null || !Tokens.VerifyPassword(password, user.PasswordHash))
        {
            return null;
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Uuid.ToString()), new Claim(ClaimTypes.Name, user.Name)], CookieScheme);
        if (user.IsAdmin)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, "admin"));
        }

        return new ClaimsPrincipal(identity);
    }
}
