using Curio.Contracts;
using Curio.Server.Hosting;

namespace Curio.Server.Features.Folders;

/// <summary>What a folder name may be, and how a path such as <c>cams/front</c> splits into names.</summary>
internal static class FolderNames
{
    public const int MaxLength = 255;

    public static string Check(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name.Contains('/', StringComparison.Ordinal)
            || name is "." or ".." || name != name.Trim() || name.Any(char.IsControl))
        {
            throw ProblemException.BadRequest(
                $"'{name}' is not a valid folder name: use 1 to {MaxLength} characters, no '/', no control characters, no leading or trailing spaces, and not '.' or '..'.");
        }

        return name;
    }

    /// <summary>Leading, trailing and doubled slashes are ignored; every name is checked.</summary>
    public static IReadOnlyList<string> Split(string? path) =>
        (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Check).ToList();

    public static ProblemException NotFound(string what) =>
        ProblemException.NotFound(ErrorCodes.FolderNotFound, $"Folder {what} not found.");
}
