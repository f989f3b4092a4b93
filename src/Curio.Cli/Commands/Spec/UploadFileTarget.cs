using Curio.Cli.Infrastructure;
using Curio.Core.Specs;
using Curio.Core.Specs.Generation;

namespace Curio.Cli.Commands.Spec;

/// <summary>
/// Where <c>spec generate</c> writes: FILE, FILE-2, FILE-3, ... (the number goes before the extension). Each file is
/// written to a hidden temporary file beside it, read back with Curio's own reader, and only then moved into place, so a
/// file under its final name is always complete and valid. JSON spools (one per top-level array) sit beside it too, and
/// are deleted when closed.
/// </summary>
internal sealed class UploadFileTarget(string path, SpecFormat format, bool single) : IUploadFileTarget, IDisposable
{
    private readonly string _path = Path.GetFullPath(path);
    private FileStream? _open;
    private string? _partial;

    /// <summary>The files completed, in order, with their final paths.</summary>
    public List<(string Path, GeneratedFile File)> Written { get; } = [];

    /// <summary>The path of file <paramref name="number"/>: <c>spec.json</c>, <c>spec-2.json</c>, ...</summary>
    public static string PathOf(string path, int number) => number == 1
        ? path
        : Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}-{number}{Path.GetExtension(path)}");

    public Stream OpenFile(int number)
    {
        if (single && number > 1)
        {
            throw new CliException("the listing needs more than one upload file, and standard output takes one: pass --out FILE to write FILE, FILE-2, ...");
        }

        _partial = Hidden(PathOf(_path, number), "partial");
        _open = new FileStream(_partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return _open;
    }

    public void CloseFile(GeneratedFile file)
    {
        var partial = _partial ?? throw new InvalidOperationException("No file is open.");
        _open?.Dispose();
        _open = null;
        var final = PathOf(_path, file.Number);
        if (Problem(partial, file) is { } problem)
        {
            _partial = null; // kept for the report
            throw new CliException(
                $"internal error: the generated file {final} does not read back as written ({file.EntryCount} entries, {file.UrlCount} URLs): {problem}. It was kept as {partial}; please report this.");
        }

        File.Move(partial, final, overwrite: true);
        _partial = null;
        Written.Add((final, file));
    }

    public Stream OpenSpool(string name) =>
        new FileStream(Hidden(_path, name + ".spool"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

    public void Dispose()
    {
        _open?.Dispose();
        if (_partial is not null)
        {
            File.Delete(_partial);
        }
    }

    /// <summary>A generated file must read back as written; anything else is a bug, reported rather than handed on.</summary>
    private string? Problem(string partial, GeneratedFile file)
    {
        using var stream = new FileStream(partial, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var result = SpecReader.Read(stream, new SpecReadOptions { Format = format });
        if (result.IsValid && result.UnitCount == file.EntryCount && result.UrlCount == file.UrlCount)
        {
            return null;
        }

        return result.Errors.Count > 0 ? result.Errors[0].ToString() : $"it reads as {result.UnitCount} units and {result.UrlCount} URLs";
    }

    private static string Hidden(string path, string suffix) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", $".{Path.GetFileName(path)}.{suffix}");
}
