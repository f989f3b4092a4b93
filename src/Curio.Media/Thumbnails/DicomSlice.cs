using System.Buffers.Binary;
using System.Globalization;
using Curio.Media.Dicom;

namespace Curio.Media.Thumbnails;

/// <summary>
/// The first frame of an uncompressed DICOM image, turned into 8-bit samples that ffmpeg takes as raw video: gray for
/// MONOCHROME1/2 (stored value, then RescaleSlope/Intercept, then the first WindowCenter/WindowWidth by the linear
/// function of PS3.3 C.11.2.1.2, or the frame's own minimum and maximum when there is no usable window; MONOCHROME1
/// inverted), and RGB for RGB (samples above 8 bits keep their top 8). Pure: the caller streams the frame's bytes
/// through <see cref="Observe"/> (when <see cref="NeedsRange"/>) and then <see cref="Convert"/>, a chunk at a time.
/// </summary>
internal sealed class DicomSlice
{
    private readonly int _bytesPerSample;
    private readonly int _bitsStored;
    private readonly bool _signed;
    private readonly bool _bigEndian;
    private readonly double _slope;
    private readonly double _intercept;
    private readonly bool _invert;
    private readonly double? _center;
    private readonly double? _width;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    private DicomSlice(DicomHeader header, int rows, int columns, int samples, int bitsAllocated, int bitsStored)
    {
        Width = columns;
        Height = rows;
        Samples = samples;
        _bytesPerSample = bitsAllocated / 8;
        _bitsStored = bitsStored;
        _signed = header.PixelRepresentation == 1;
        _bigEndian = header.TransferSyntaxUid == DicomTransferSyntax.ExplicitVrBigEndian;
        _slope = header.RescaleSlope is { } slope and not 0 ? slope : 1;
        _intercept = header.RescaleIntercept ?? 0;
        _invert = header.PhotometricInterpretation == "MONOCHROME1";
        if (header.WindowCenter is [var center, ..] && header.WindowWidth is [var width, ..] && width >= 1)
        {
            (_center, _width) = (center, width);
        }

        PixelFormat = samples == 1 ? "gray" : header.PlanarConfiguration == 1 ? "gbrp" : "rgb24";
        FrameBytes = (long)rows * columns * samples * _bytesPerSample;
    }

    public int Width { get; }

    public int Height { get; }

    public int Samples { get; }

    /// <summary>ffmpeg's name for what <see cref="Convert"/> writes: gray, rgb24, or gbrp (planar, see <see cref="PlaneOrder"/>).</summary>
    public string PixelFormat { get; }

    /// <summary>
    /// For planar RGB: ffmpeg's planar RGB is G, B, R, and DICOM's planes are R, G, B, so the planes are moved into
    /// place before anything else.
    /// </summary>
    public string? PlaneOrder => PixelFormat == "gbrp" ? "shuffleplanes=1:2:0" : null;

    /// <summary>Bytes of the first frame in the file.</summary>
    public long FrameBytes { get; }

    /// <summary>Bytes a chunk given to <see cref="Observe"/> and <see cref="Convert"/> must be a multiple of.</summary>
    public int SampleBytes => _bytesPerSample;

    /// <summary>True when the gray mapping needs the frame's range first (no usable window).</summary>
    public bool NeedsRange => Samples == 1 && _center is null;

    /// <summary>
    /// Checks that the header describes a frame this class can render and that the file holds it.
    /// Throws <see cref="ThumbnailException"/> (Unsupported for kinds of pixel data, Failed for broken headers).
    /// </summary>
    public static DicomSlice For(DicomHeader header, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(header);
        var syntax = header.TransferSyntaxUid;
        if (!DicomTransferSyntax.IsNative(syntax))
        {
            throw ThumbnailException.Unsupported(
                $"No thumbnail for DICOM transfer syntax {TransferSyntaxName(syntax)} ({syntax}) here: this path renders uncompressed pixel data.");
        }

        if (header.Rows is not (> 0 and var rows) || header.Columns is not (> 0 and var columns))
        {
            throw ThumbnailException.Failed("The DICOM file has no usable Rows (0028,0010) and Columns (0028,0011): there is no image to render.");
        }

        if ((long)rows * columns > maxPixels)
        {
            throw ThumbnailException.Failed(
                $"The DICOM image is {columns}x{rows} pixels, more than the {maxPixels.ToString("N0", CultureInfo.InvariantCulture)} pixels thumbnails decode.");
        }

        var photometric = header.PhotometricInterpretation;
        var samples = header.SamplesPerPixel ?? 1;
        var expected = photometric switch
        {
            "MONOCHROME1" or "MONOCHROME2" => 1,
            "RGB" => 3,
            _ => 0,
        };
        if (expected == 0)
        {
            throw ThumbnailException.Unsupported(
                $"No thumbnail for DICOM photometric interpretation '{photometric ?? "(none)"}': MONOCHROME1, MONOCHROME2 and RGB are rendered.");
        }

        if (samples != expected)
        {
            throw ThumbnailException.Failed($"The DICOM file says {photometric} with SamplesPerPixel {samples}, which do not go together.");
        }

        var allocated = header.BitsAllocated ?? 0;
        var stored = header.BitsStored ?? allocated;
        if (allocated is not (8 or 16) || stored < 1 || stored > allocated)
        {
            throw ThumbnailException.Unsupported(
                $"No thumbnail for DICOM pixels of BitsAllocated {allocated} and BitsStored {stored}: 8 and 16 bits allocated are rendered.");
        }

        var slice = new DicomSlice(header, rows, columns, samples, allocated, stored);
        if (header.PixelDataValueOffset is null || header.PixelDataLength is not { } length)
        {
            throw ThumbnailException.Failed("The DICOM file's PixelData (7FE0,0010) was not found where the header ends.");
        }

        if (length < slice.FrameBytes)
        {
            throw ThumbnailException.Failed(
                $"The DICOM file's PixelData holds {length} bytes, fewer than the {slice.FrameBytes} bytes of one {columns}x{rows} frame.");
        }

        return slice;
    }

    /// <summary>Notes the range of a chunk of the frame (gray only; see <see cref="NeedsRange"/>).</summary>
    public void Observe(ReadOnlySpan<byte> chunk)
    {
        for (var i = 0; i + _bytesPerSample <= chunk.Length; i += _bytesPerSample)
        {
            var value = Modality(chunk[i..]);
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
        }
    }

    /// <summary>Writes one 8-bit sample to <paramref name="output"/> per sample of <paramref name="chunk"/>.</summary>
    public void Convert(ReadOnlySpan<byte> chunk, Span<byte> output)
    {
        var count = chunk.Length / _bytesPerSample;
        if (output.Length < count)
        {
            throw new ArgumentException("The output is shorter than the chunk's samples.", nameof(output));
        }

        for (var i = 0; i < count; i++)
        {
            var at = chunk[(i * _bytesPerSample)..];
            output[i] = Samples == 1 ? Gray(Modality(at)) : Color(at);
        }
    }

    /// <summary>The linear window function of PS3.3 C.11.2.1.2, to 0..255.</summary>
    internal static byte Window(double value, double center, double width)
    {
        var low = center - 0.5 - ((width - 1) / 2);
        var high = center - 0.5 + ((width - 1) / 2);
        if (value <= low)
        {
            return 0;
        }

        if (value > high)
        {
            return 255;
        }

        return (byte)Math.Clamp(Math.Round((((value - (center - 0.5)) / (width - 1)) + 0.5) * 255), 0, 255);
    }

    private byte Gray(double value)
    {
        byte level;
        if (_center is { } center && _width is { } width)
        {
            level = Window(value, center, width);
        }
        else if (_max > _min)
        {
            level = (byte)Math.Clamp(Math.Round((value - _min) / (_max - _min) * 255), 0, 255);
        }
        else
        {
            // A flat frame (or one never observed): mid-gray says "there is an image, it is uniform".
            level = 128;
        }

        return _invert ? (byte)(255 - level) : level;
    }

    private byte Color(ReadOnlySpan<byte> at)
    {
        var stored = Stored(at);
        return (byte)(_bitsStored > 8 ? stored >> (_bitsStored - 8) : stored);
    }

    private double Modality(ReadOnlySpan<byte> at) => (Stored(at) * _slope) + _intercept;

    // The sample's low BitsStored bits (DICOM puts them at the bottom when HighBit = BitsStored - 1, as nearly every
    // writer does), sign-extended for PixelRepresentation 1.
    private long Stored(ReadOnlySpan<byte> at)
    {
        long raw = _bytesPerSample == 1 ? at[0] : _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(at) : BinaryPrimitives.ReadUInt16LittleEndian(at);
        var mask = (1L << _bitsStored) - 1;
        raw &= mask;
        if (_signed && Samples == 1 && (raw & (1L << (_bitsStored - 1))) != 0)
        {
            raw -= 1L << _bitsStored;
        }

        return raw;
    }

    internal static string TransferSyntaxName(string uid) => uid switch
    {
        "1.2.840.10008.1.2.5" => "RLE Lossless",
        "1.2.840.10008.1.2.4.50" => "JPEG Baseline",
        "1.2.840.10008.1.2.4.51" => "JPEG Extended",
        "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70" => "JPEG Lossless",
        "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => "JPEG-LS",
        "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" => "JPEG 2000",
        "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203" => "High-Throughput JPEG 2000",
        "1.2.840.10008.1.2.4.100" or "1.2.840.10008.1.2.4.101" or "1.2.840.10008.1.2.4.102" or "1.2.840.10008.1.2.4.103"
            or "1.2.840.10008.1.2.4.104" or "1.2.840.10008.1.2.4.105" or "1.2.840.10008.1.2.4.106" => "MPEG video",
        _ => "(compressed or private)",
    };
}
