namespace Curio.Sdk;

/// <summary>
/// What <see cref="CurioClient.StartImportAsync"/> imports: an upload file (a stream or a file on disk) registered into a
/// folder through an integration. Required values are constructor parameters; optional ones are properties.
/// </summary>
public sealed class ImportRequest
{
    /// <summary>Imports an upload file read from a stream. The stream is read from its current position and left open.</summary>
    /// <param name="folderUuid">The folder that receives the items.</param>
    /// <param name="integration">The name or UUID of the integration the files are read through.</param>
    /// <param name="spec">The upload file's content. It is streamed, never held in memory whole.</param>
    /// <param name="fileName">The upload file's name (e.g. <c>upload.csv</c>): it tells the format, and the job records it. Optional.</param>
    public ImportRequest(Guid folderUuid, string integration, Stream spec, string? fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(integration);
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.CanRead)
        {
            throw new ArgumentException("The upload file stream must be readable.", nameof(spec));
        }

        FolderUuid = folderUuid;
        Integration = integration;
        Spec = spec;
        FileName = string.IsNullOrEmpty(fileName) ? null : fileName;
    }

    /// <summary>Imports an upload file on disk. The file is opened when the import starts, and streamed.</summary>
    /// <param name="folderUuid">The folder that receives the items.</param>
    /// <param name="integration">The name or UUID of the integration the files are read through.</param>
    /// <param name="path">Path of the upload file; its name (e.g. <c>upload.csv</c>) tells the format.</param>
    public ImportRequest(Guid folderUuid, string integration, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(integration);
        ArgumentException.ThrowIfNullOrEmpty(path);
        FolderUuid = folderUuid;
        Integration = integration;
        FilePath = path;
        FileName = Path.GetFileName(path);
    }

    /// <summary>The folder that receives the items.</summary>
    public Guid FolderUuid { get; }

    /// <summary>The name or UUID of the integration the files are read through.</summary>
    public string Integration { get; }

    /// <summary>The upload file's content, when the request was made from a stream.</summary>
    public Stream? Spec { get; }

    /// <summary>The upload file's path, when the request was made from a file on disk.</summary>
    public string? FilePath { get; }

    /// <summary>The upload file's name, as the job will record it; null when not given.</summary>
    public string? FileName { get; }

    /// <summary>
    /// False (the default): all or nothing; one failed unit ends the job ERROR with nothing registered.
    /// True: failed units are listed, the others registered, and the job ends DONE.
    /// </summary>
    public bool IgnoreErrors { get; set; }

    /// <summary>The upload file's format; null to let the server decide from <see cref="FileName"/>, then from the content.</summary>
    public SpecFileFormat? Format { get; set; }
}
