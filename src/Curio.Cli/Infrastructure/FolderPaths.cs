using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Infrastructure;

/// <summary>Folder arguments are paths (<c>a/b</c>), resolved through the server.</summary>
internal static class FolderPaths
{
    public static async Task<Folder> ResolveAsync(CurioClient client, string path, CancellationToken cancellationToken)
    {
        var trimmed = path.Trim('/');
        try
        {
            return await client.GetFolderByPathAsync(trimmed, cancellationToken);
        }
        catch (CurioRequestFailedException ex) when (ex.ErrorCode == ErrorCodes.FolderNotFound)
        {
            throw new CliException($"folder '{trimmed}' not found; create it with: curio folders create {trimmed}");
        }
    }
}
