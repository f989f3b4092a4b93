using Curio.Contracts;
using Curio.Sdk.Internal;

namespace Curio.Sdk;

// Imports and upload files.
public partial class CurioClient
{
    /// <summary>
    /// Starts an import: the upload file is streamed to the server, which checks all of it before it creates a job.
    /// A refused file creates no job and throws with status 422 and every problem in <see cref="CurioRequestFailedException.SpecProblems"/>.
    /// </summary>
    /// <param name="request">The upload file, the folder and the integration.</param>
    /// <param name="cancellationToken">Cancels the upload (a job the server already accepted goes on).</param>
    /// <returns>The job as an operation to follow or wait for.</returns>
    /// <exception cref="CurioRequestFailedException">
    /// 422 <see cref="ErrorCodes.SpecInvalid"/>, 404 <see cref="ErrorCodes.FolderNotFound"/> or <see cref="ErrorCodes.IntegrationNotFound"/>,
    /// 413 <see cref="ErrorCodes.PayloadTooLarge"/>, among others.
    /// </exception>
    /// <exception cref="FileNotFoundException">The request names a file that does not exist.</exception>
    public virtual async Task<ImportOperation> StartImportAsync(ImportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = new RequestPath($"api/v1/folders/{RequestPath.Segment(request.FolderUuid)}/imports")
            .Query("integration", request.Integration)
            .Query("ignoreErrors", request.IgnoreErrors)
            .Query("fileName", request.FileName)
            .Query("format", FormatName(request.Format));
        var mediaType = SpecContent.MediaType(request.FileName, request.Format);
        using var content = request.FilePath is { } file
            ? new SpecContent(OpenForUpload(file), leaveOpen: false, mediaType)
            : new SpecContent(request.Spec!, leaveOpen: true, mediaType);
        var job = await SendAsync(HttpMethod.Post, path.ToString(), content, CurioJsonContext.Default.ImportJob, cancellationToken).ConfigureAwait(false);
        return new ImportOperation(this, job);
    }

    /// <summary>Starts importing an upload file on disk; see <see cref="StartImportAsync"/>.</summary>
    /// <param name="folderUuid">The folder that receives the items.</param>
    /// <param name="integration">The name or UUID of the integration the files are read through.</param>
    /// <param name="path">Path of the upload file; its extension (<c>.json</c>, <c>.csv</c>) tells the format.</param>
    /// <param name="ignoreErrors">False: all or nothing. True: failed units are listed and the others registered.</param>
    /// <param name="cancellationToken">Cancels the upload (a job the server already accepted goes on).</param>
    /// <returns>The job as an operation to follow or wait for.</returns>
    /// <exception cref="CurioRequestFailedException">See <see cref="StartImportAsync"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public virtual Task<ImportOperation> ImportFileAsync(
        Guid folderUuid, string integration, string path, bool ignoreErrors = false, CancellationToken cancellationToken = default) =>
        StartImportAsync(new ImportRequest(folderUuid, integration, path) { IgnoreErrors = ignoreErrors }, cancellationToken);

    /// <summary>Checks an upload file without importing anything: what the server would accept, or every problem with its location.</summary>
    /// <param name="spec">The upload file's content, streamed from its current position; left open.</param>
    /// <param name="fileName">Its name, which tells the format; optional.</param>
    /// <param name="format">Its format; null to decide from <paramref name="fileName"/>, then from the content.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The verdict; a refused file has <see cref="SpecValidation.Valid"/> false and its <see cref="SpecValidation.Errors"/>.</returns>
    /// <exception cref="CurioRequestFailedException">413 <see cref="ErrorCodes.PayloadTooLarge"/>, among others.</exception>
    public virtual async Task<SpecValidation> ValidateSpecAsync(
        Stream spec, string? fileName = null, SpecFileFormat? format = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var path = new RequestPath("api/v1/specs/validate")
            .Query("fileName", string.IsNullOrEmpty(fileName) ? null : fileName)
            .Query("format", FormatName(format));
        using var content = new SpecContent(spec, leaveOpen: true, SpecContent.MediaType(fileName, format));
        return await SendAsync(HttpMethod.Post, path.ToString(), content, CurioJsonContext.Default.SpecValidation, cancellationToken).ConfigureAwait(false);
    }

    private static FileStream OpenForUpload(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static string? FormatName(SpecFileFormat? format) => format switch
    {
        SpecFileFormat.Json => "json",
        SpecFileFormat.Csv => "csv",
        null => null,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "The format is json or csv."),
    };
}
