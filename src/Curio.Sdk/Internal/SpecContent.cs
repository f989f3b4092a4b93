using System.Net;
using System.Net.Http.Headers;

namespace Curio.Sdk.Internal;

/// <summary>
/// An upload file sent as the raw request body, copied from its stream as the request is written (never buffered whole).
/// Unlike <see cref="StreamContent"/> it can leave a caller's stream open.
/// </summary>
internal sealed class SpecContent : HttpContent
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    public SpecContent(Stream stream, bool leaveOpen, string mediaType)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    /// <summary>From the file name's extension, else from the format given; else a generic type (the server sniffs the content).</summary>
    public static string MediaType(string? fileName, SpecFileFormat? format)
    {
        var extension = Path.GetExtension(fileName ?? "");
        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return "text/csv";
        }

        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return "application/json";
        }

        return format switch
        {
            SpecFileFormat.Csv => "text/csv",
            SpecFileFormat.Json => "application/json",
            _ => "application/octet-stream",
        };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        await _stream.CopyToAsync(stream, 81920, cancellationToken).ConfigureAwait(false);

    protected override bool TryComputeLength(out long length)
    {
        if (_stream.CanSeek)
        {
            length = _stream.Length - _stream.Position;
            return true;
        }

        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
