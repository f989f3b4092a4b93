namespace Curio.Core.Specs;

/// <summary>Options for <see cref="SpecReader.Read"/>.</summary>
public sealed record SpecReadOptions
{
    public SpecFormat Format { get; init; } = SpecFormat.Auto;

    /// <summary>Used to pick the format from the extension when <see cref="Format"/> is Auto.</summary>
    public string? FileName { get; init; }

    public SpecLimits Limits { get; init; } = SpecLimits.Default;
}

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
        var format = options.Format == SpecFormat.Auto ? Detect(stream, options.FileName) : options.Format;
        return format == SpecFormat.Csv
            ? new CsvSpecReader(options.Limits, onUnit).Read(stream)
            : new JsonSpecReader(options.Limits, onUnit).Read(stream);
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
