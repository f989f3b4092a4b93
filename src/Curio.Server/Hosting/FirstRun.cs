using System.Text.Json;
using Curio.Contracts;
using Curio.Storage;
using Curio.Storage.Auth;

namespace Curio.Server.Hosting;

/// <summary>The admin credentials made on the first start; all null on later starts. <c>curio serve</c> prints them.</summary>
public sealed class FirstRunCredentials
{
    public string? UserName { get; internal set; }
    public string? Password { get; internal set; }
    public string? Token { get; internal set; }

    /// <summary>Where a copy is kept (readable by the owner only), so the local user can find them again.</summary>
    public string? SavedTo { get; internal set; }
}

/// <summary>
/// Writes the CLI profile of the local user (the server URL and a token) so <c>curio</c> works with no flags.
/// A profile whose token still works is kept; otherwise a fresh token is made for the admin.
/// </summary>
public sealed class LocalCliProfile(IStorage storage, TimeProvider time)
{
    public async Task<string> EnsureAsync(Uri url, string profilePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (File.Exists(profilePath))
        {
            try
            {
                var existing = JsonSerializer.Deserialize(await File.ReadAllTextAsync(profilePath, cancellationToken), CurioJsonContext.Default.CliProfile);
                if (existing is not null && existing.Url == url && await storage.Auth.FindUserByTokenAsync(Tokens.Hash(existing.Token), cancellationToken) is not null)
                {
                    return existing.Token;
                }
            }
            catch (JsonException)
            {
                // A damaged profile is replaced below.
            }
        }

        var admin = await storage.Auth.FindUserAsync(Bootstrapper.AdminName, cancellationToken)
            ?? throw new InvalidOperationException("The admin user is missing; the data directory was not initialised by this server.");
        var token = Tokens.NewToken();
        await storage.Auth.CreateTokenAsync(new TokenRecord(Guid.CreateVersion7(time.GetUtcNow()), admin.Uuid, $"local cli ({Environment.MachineName})", time.GetUtcNow()),
            Tokens.Hash(token), cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(profilePath))!);
        await FileSecrets.WriteAsync(profilePath, JsonSerializer.Serialize(new CliProfile { Url = url, Token = token }, CurioJsonContext.Default.CliProfile), cancellationToken);
        return token;
    }
}

/// <summary>Files that hold secrets are created readable by their owner only.</summary>
internal static class FileSecrets
{
    public static async Task WriteAsync(string path, string content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(path, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(content.AsMemory(), cancellationToken);
        }

        // The create mode only applies to new files; an existing one is tightened too.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
