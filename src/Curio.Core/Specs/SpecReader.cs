namespace Curio.Core.Specs;

/// <summary>Options for <see cref="SpecReader.Read"/>.</summary>
public sealed record SpecReadOptions
{
    public SpecFormat Format { get; init; } = SpecFormat.Auto;

    /// <summary>Used to pick the format from the extension when <see cref="Format"/> is Auto.</summary>
    public string? FileName { get; init; }

    public SpecLimits Limits { get; init; } = SpecLimits.Default;

    /// <summary>
    /// Called once with the file's flags, before the first unit is handed out (JSON settles them in its first pass),
    /// so a consumer can act on units as they come. Not called when the flags themselves are in error.
    /// </summary>
    public Action<SpecFlags>? OnFlags { get; init; }
}

/// <summary>The file-level flags of an upload file (CSV has none: both false).</summary>
public readonly record struct SpecFlags(bool SkipDuplicateUrls, bool UpsertMetadata);

/// <summary>
/// Reads an upload specification (JSON in either Encord dialect, or CSV), validates all of it, and hands each
/// valid unit to <c>onUnit</c> in file order while no error has been found. The caller must discard whatever it
/// received when the result has errors: a file is accepted or refused whole.
/// </summary>
public static class SpecReader
{
    /// <param name="stream">A seekable stream positioned at the start of the file.</param>
    /// <param name="options">Format and limits; the defaults suit the server.</param>
    /// <param name="onUnit">Receives each valid unit, in order, until the first error is found.</param>
    public static SpecReadResult Read(Stream stream, SpecReadOptions? options = null, Action<SpecUnit>? onUnit = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The specification stream must be seekable; spool it to a file first.", nameof(stream));
        }

        options ??= new SpecReadOptions();
        if (options.Format == SpecFormat.Auto && NotText(stream) is { } what)
        {
            return new SpecReadResult
            {
                Format = SpecFormat.Auto,
                Dialect = SpecDialect.Unknown,
                Errors =
                [
                    new SpecIssue(SpecErrorCodes.UnknownFormat,
                        $"This is not a JSON or CSV upload file: it {what}. Export the sheet as \"CSV UTF-8\", or write a JSON upload file, and upload that."),
                ],
                Warnings = [],
            };
        }

        var format = options.Format == SpecFormat.Auto ? Detect(stream, options.FileName) : options.Format;
        return format == SpecFormat.Csv
            ? new CsvSpecReader(options.Limits, onUnit).Read(stream, options.OnFlags)
            : new JsonSpecReader(options.Limits, onUnit).Read(stream, options.OnFlags);
    }

    /// <summary>
    /// What the file is when it is plainly no text upload file (a spreadsheet workbook, UTF-16 or other binary
    /// data), judged by its first bytes; null for anything that may be JSON or CSV text.
    /// </summary>
    private static string? NotText(Stream stream)
    {
        var origin = stream.Position;
        try
        {
            Span<byte> head = stackalloc byte[512];
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
            if (head.StartsWith("PK\x03\x04"u8))
            {
                return "is a ZIP archive, as Excel (.xlsx), Numbers and OpenDocument files are";
            }

            if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
            {
                return "is an old Excel (.xls) workbook";
            }

            if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                return "is UTF-16 text, and upload files are UTF-8";
            }

            return head.Contains((byte)0) ? "holds binary data (NUL bytes)" : null;
        }
        finally
        {
            stream.Position = origin;
        }
    }

    /// <summary>By extension, else by the first non-blank character: '{' or '[' means JSON.</summary>
    public static SpecFormat Detect(Stream stream, string? fileName)
    {
        var extension = Path.GetExtension(fileName ?? "");
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return SpecFormat.Json;
        }

        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return SpecFormat.Csv;
        }

        var origin = stream.Position;
        try
        {
            Span<byte> head = stackalloc byte[512];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            foreach (var b in head[..read])
            {
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
                {
                    continue;
                }

                return b is (byte)'{' or (byte)'[' ? SpecFormat.Json : SpecFormat.Csv;
            }

            return SpecFormat.Json;
        }
        finally
        {
            stream.Position = origin;
        }
    }
}
