using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Curio.Media.Tests.Nifti;

/// <summary>What a test NIfTI header says; every field has a plain default.</summary>
internal sealed record NiftiSpec
{
    public int Version { get; init; } = 1;

    public bool LittleEndian { get; init; } = true;

    public bool Pair { get; init; }

    public long[] Dim { get; init; } = [3, 4, 5, 6, 1, 1, 1, 1];

    public double[] PixDim { get; init; } = [1, 0.5, 0.75, 2.5, 1, 1, 1, 1];

    public int DataType { get; init; } = 4;

    public int BitPix { get; init; } = 16;

    public double VoxOffset { get; init; } = double.NaN;

    public int QForm { get; init; } = 1;

    public int SForm { get; init; } = 4;

    public int Units { get; init; } = 2 | 8;

    public int Intent { get; init; }

    public double Slope { get; init; } = 1;

    public double Intercept { get; init; }

    public string Description { get; init; } = "Curio test volume";

    /// <summary>How many voxel bytes to write after the header (none for a pair header).</summary>
    public long DataBytes { get; init; } = -1;
}

/// <summary>Writes NIfTI-1 and NIfTI-2 headers field by field, in either byte order.</summary>
internal static class NiftiWriter
{
    public static byte[] Write(NiftiSpec spec)
    {
        var size = spec.Version == 1 ? 348 : 540;
        var voxOffset = double.IsNaN(spec.VoxOffset) ? (spec.Pair ? 0 : size + 4) : spec.VoxOffset;
        var data = spec.DataBytes >= 0 ? spec.DataBytes : spec.Pair ? 0 : DeclaredBytes(spec);
        var bytes = new byte[(spec.Pair ? size : size + 4) + data];
        var h = bytes.AsSpan();
        var le = spec.LittleEndian;
        I32(h, 0, size, le);
        if (spec.Version == 1)
        {
            I16(h, 68, spec.Intent, le);
            I16(h, 70, spec.DataType, le);
            I16(h, 72, spec.BitPix, le);
            for (var i = 0; i < 8; i++)
            {
                I16(h, 40 + (2 * i), (int)spec.Dim[i], le);
                F32(h, 76 + (4 * i), spec.PixDim[i], le);
            }

            F32(h, 108, voxOffset, le);
            F32(h, 112, spec.Slope, le);
            F32(h, 116, spec.Intercept, le);
            h[123] = (byte)spec.Units;
            Encoding.ASCII.GetBytes(spec.Description).CopyTo(h[148..]);
            I16(h, 252, spec.QForm, le);
            I16(h, 254, spec.SForm, le);
            Encoding.ASCII.GetBytes(spec.Pair ? "ni1\0" : "n+1\0").CopyTo(h[344..]);
        }
        else
        {
            Encoding.ASCII.GetBytes(spec.Pair ? "ni2\0" : "n+2\0").CopyTo(h[4..]);
            h[8] = 0x0D;
            h[9] = 0x0A;
            h[10] = 0x1A;
            h[11] = 0x0A;
            I16(h, 12, spec.DataType, le);
            I16(h, 14, spec.BitPix, le);
            for (var i = 0; i < 8; i++)
            {
                I64(h, 16 + (8 * i), spec.Dim[i], le);
                F64(h, 104 + (8 * i), spec.PixDim[i], le);
            }

            I64(h, 168, (long)voxOffset, le);
            F64(h, 176, spec.Slope, le);
            F64(h, 184, spec.Intercept, le);
            Encoding.ASCII.GetBytes(spec.Description).CopyTo(h[240..]);
            I32(h, 344, spec.QForm, le);
            I32(h, 348, spec.SForm, le);
            I32(h, 500, spec.Units, le);
            I32(h, 504, spec.Intent, le);
        }

        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>
    /// A gzip file that inflates to a header followed by about <paramref name="zeroMebibytes"/> MiB of zeros: one
    /// compressed MiB of zeros repeated as gzip members (readers inflate concatenated members as one stream), so
    /// building it costs one small compression.
    /// </summary>
    public static byte[] GzipBomb(byte[] header, int zeroMebibytes)
    {
        var zeros = new byte[1024 * 1024];
        var first = Gzip([.. header, .. zeros]);
        var member = Gzip(zeros);
        var bomb = new byte[first.Length + ((long)member.Length * (zeroMebibytes - 1))];
        first.CopyTo(bomb, 0);
        for (var i = 0; i < zeroMebibytes - 1; i++)
        {
            member.CopyTo(bomb, first.Length + (i * member.Length));
        }

        return bomb;
    }

    private static long DeclaredBytes(NiftiSpec spec)
    {
        long count = 1;
        for (var i = 1; i <= spec.Dim[0]; i++)
        {
            count *= spec.Dim[i];
        }

        return count * Math.Max(spec.BitPix, 8) / 8;
    }

    private static void I16(Span<byte> h, int at, int value, bool le)
    {
        if (le)
        {
            BinaryPrimitives.WriteInt16LittleEndian(h[at..], (short)value);
        }
        else
        {
            BinaryPrimitives.WriteInt16BigEndian(h[at..], (short)value);
        }
    }

    private static void I32(Span<byte> h, int at, int value, bool le)
    {
        if (le)
        {
            BinaryPrimitives.WriteInt32LittleEndian(h[at..], value);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(h[at..], value);
        }
    }

    private static void I64(Span<byte> h, int at, long value, bool le)
    {
        if (le)
        {
            BinaryPrimitives.WriteInt64LittleEndian(h[at..], value);
        }
        else
        {
            BinaryPrimitives.WriteInt64BigEndian(h[at..], value);
        }
    }

    private static void F32(Span<byte> h, int at, double value, bool le)
    {
        if (le)
        {
            BinaryPrimitives.WriteSingleLittleEndian(h[at..], (float)value);
        }
        else
        {
            BinaryPrimitives.WriteSingleBigEndian(h[at..], (float)value);
        }
    }

    private static void F64(Span<byte> h, int at, double value, bool le)
    {
        if (le)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(h[at..], value);
        }
        else
        {
            BinaryPrimitives.WriteDoubleBigEndian(h[at..], value);
        }
    }
}
