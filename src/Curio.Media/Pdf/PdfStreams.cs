using Curio.Media.Common;

namespace Curio.Media.Pdf;

/// <summary>Decodes the stream filters cross-reference and object streams use: FlateDecode with PNG or TIFF predictors.</summary>
internal static class PdfStreams
{
    /// <summary>Decoded bytes, at most <paramref name="maxOutput"/> of them (a cut stream gives what came out).</summary>
    public static byte[] Decode(PdfDict dict, ReadOnlyMemory<byte> data, int maxOutput)
    {
        var filter = dict["Filter"] switch
        {
            PdfName name => name.Value,
            PdfArray { Items: [PdfName only] } => only.Value,
            PdfArray { Items: [] } or null => null,
            _ => "(a filter chain)",
        };

        var decoded = filter switch
        {
            null => data[..Math.Min(data.Length, maxOutput)].ToArray(),
            "FlateDecode" or "Fl" => BoundedInflate.ToArray(data, maxOutput, StartsLikeZlib(data.Span) ? CompressedFormat.Zlib : CompressedFormat.Deflate),
            _ => throw new PdfUnknownException($"a stream the page count needs uses the {filter} filter"),
        };

        var parameters = dict["DecodeParms"] switch
        {
            PdfDict d => d,
            PdfArray { Items: [PdfDict d] } => d,
            _ => null,
        };

        return parameters?["Predictor"] is PdfInteger { Value: > 1 } predictor
            ? Unpredict(decoded, (int)predictor.Value, parameters["Columns"] is PdfInteger { Value: > 0 and < 65536 } columns ? (int)columns.Value : 1,
                parameters["Colors"] is PdfInteger { Value: > 0 and <= 32 } colors ? (int)colors.Value : 1,
                parameters["BitsPerComponent"] is PdfInteger { Value: 1 or 2 or 4 or 8 or 16 } bits ? (int)bits.Value : 8)
            : decoded;
    }

    // A zlib header: CM 8, a window of at most 32 KiB, and a check value that makes the first two bytes a multiple of 31.
    private static bool StartsLikeZlib(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && (data[0] & 0x0F) == 8 && (data[0] >> 4) <= 7 && ((data[0] << 8) | data[1]) % 31 == 0;

    private static byte[] Unpredict(byte[] data, int predictor, int columns, int colors, int bits)
    {
        var bytesPerPixel = Math.Max(1, colors * bits / 8);
        var rowLength = ((columns * colors * bits) + 7) / 8;
        if (predictor == 2)
        {
            // TIFF predictor 2, for 8-bit components: each byte adds the one a pixel before it.
            for (var row = 0; row + rowLength <= data.Length; row += rowLength)
            {
                for (var i = bytesPerPixel; i < rowLength; i++)
                {
                    data[row + i] += data[row + i - bytesPerPixel];
                }
            }

            return data;
        }

        // PNG predictors: each row starts with its own filter type byte.
        var rows = data.Length / (rowLength + 1);
        var output = new byte[rows * rowLength];
        for (var r = 0; r < rows; r++)
        {
            var type = data[r * (rowLength + 1)];
            var source = data.AsSpan((r * (rowLength + 1)) + 1, rowLength);
            var row = output.AsSpan(r * rowLength, rowLength);
            var previous = r > 0 ? output.AsSpan((r - 1) * rowLength, rowLength) : default;
            for (var i = 0; i < rowLength; i++)
            {
                int left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
                int up = r > 0 ? previous[i] : 0;
                int upLeft = r > 0 && i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                row[i] = (byte)(source[i] + type switch
                {
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => 0,
                });
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
