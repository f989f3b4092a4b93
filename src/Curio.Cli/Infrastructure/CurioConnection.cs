using System.Text.Json;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Infrastructure;

/// <summary>
/// Makes the SDK client a command talks through. The server URL and the token each come from the flag, else the
/// environment, else the profile file. The profile's token is only sent to the profile's own server.
/// </summary>
internal sealed class CurioConnection(CliEnvironment environment, HttpClient? httpClient = null)
{
    public CurioClient CreateClient(CurioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var profilePath = environment.ProfilePath;
        var profile = ReadProfile(profilePath);
        var urlText = settings.Url ?? environment[CliEnvironment.UrlVariable];
        if (urlText is null && profile is null)
        {
            throw new CliException(
                $"No Curio server is set. Pass --url URL and --token TOKEN, set {CliEnvironment.UrlVariable} and {CliEnvironment.TokenVariable}, " +
                $"or start a server on this machine with `curio serve`, which writes the profile {profilePath}.");
        }

        Uri url;
        if (urlText is null)
        {
            url = profile!.Url;
        }
        else if (!CurioSettings.IsHttpUrl(urlText))
        {
            throw new CliException($"The server URL must be an absolute http or https URL, not '{urlText}' (from {(settings.Url is null ? CliEnvironment.UrlVariable : "--url")}).");
        }
        else
        {
            url = new Uri(urlText);
        }

        var token = settings.Token ?? environment[CliEnvironment.TokenVariable] ?? (profile is not null && SameServer(profile.Url, url) ? profile.Token : null);
        if (string.IsNullOrEmpty(token))
        {
            throw new CliException(
                $"No API token for {url}. Pass --token TOKEN or set {CliEnvironment.TokenVariable}. " +
                $"`curio serve` prints the admin's token on its first start and writes one for this machine to {profilePath}.");
        }

        return new CurioClient(url, token, new CurioClientOptions { HttpClient = httpClient, ApplicationId = "curio-cli" });
    }

    private static CliProfile? ReadProfile(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CurioJsonContext.Default.CliProfile);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"The profile {path} cannot be read ({ex.Message}). Fix or delete it, or pass --url and --token.", ex);
        }
    }

    private static bool SameServer(Uri a, Uri b) =>
        string.Equals(a.GetLeftPart(UriPartial.Path).TrimEnd('/'), b.GetLeftPart(UriPartial.Path).TrimEnd('/'), StringComparison.Ordinal);
}
