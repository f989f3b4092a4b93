using System.IO.Compression;
using Curio.Media.Common;

namespace Curio.Media.Sniffing;

/// <summary>DICOM (Part-10 and bare datasets), NIfTI-1/2 and gzipped NIfTI.</summary>
internal static class MedicalSignatures
{
    private const int Nifti1HeaderSize = 348;
    private const int Nifti2HeaderSize = 540;
    private const int MaxGzipInput = 64 * 1024;

    // Value representations of explicit-VR encoding; the second set carries a 2-byte pad and a 32-bit length.
    private static readonly string[] ShortVrs =
        ["AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"];

    private static readonly string[] LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    public static bool IsDicomPart10(ReadOnlySpan<byte> head) => Bytes.At(head, 128, "DICM"u8);

    /// <summary>A dataset written without preamble: the first elements must parse, in ascending tag order.</summary>
    public static bool IsRawDicom(ReadOnlySpan<byte> head) =>
        Bytes.Has(head, 0, 8) && Bytes.U16Le(head, 0) is 0x0002 or 0x0008
        && (WalkElements(head, explicitVr: true) || WalkElements(head, explicitVr: false));

    public static bool IsNifti(ReadOnlySpan<byte> head) => NiftiVerdict(head) == Verdict.Yes;

    /// <summary>Inflates just enough of a gzip head to see whether a NIfTI header is inside.</summary>
    public static SniffResult Gzip(ReadOnlySpan<byte> head)
    {
        Span<byte> inflated = stackalloc byte[Nifti1HeaderSize];
        var got = Inflate(head[..Math.Min(head.Length, MaxGzipInput)], inflated);

        // A head cut before the magic is judged on sizeof_hdr alone: few gzips start with 348 or 540 after inflation.
        return NiftiVerdict(inflated[..got]) is Verdict.Yes or Verdict.Undecided
            ? new(MediaCategory.Nifti, MimeTypes.NiftiGzip)
            : new(MediaCategory.Unknown, MimeTypes.Gzip);
    }

    private enum Verdict
    {
        No,
        Yes,
        Undecided,
    }

    private static Verdict NiftiVerdict(ReadOnlySpan<byte> head)
    {
        if (!Bytes.Has(head, 0, 4))
        {
            return Verdict.No;
        }

        var le = Bytes.I32(head, 0, littleEndian: true);
        var be = Bytes.I32(head, 0, littleEndian: false);
        if (le == Nifti1HeaderSize || be == Nifti1HeaderSize)
        {
            return !Bytes.Has(head, 344, 4) ? Verdict.Undecided
                : Bytes.At(head, 344, "n+1\0"u8) || Bytes.At(head, 344, "ni1\0"u8) ? Verdict.Yes
                : Verdict.No;
        }

        if (le == Nifti2HeaderSize || be == Nifti2HeaderSize)
        {
            return !Bytes.Has(head, 4, 8) ? Verdict.Undecided
                : (Bytes.At(head, 4, "n+2\0"u8) || Bytes.At(head, 4, "ni2\0"u8)) && Bytes.At(head, 8, [0x0D, 0x0A, 0x1A, 0x0A]) ? Verdict.Yes
                : Verdict.No;
        }

        return Verdict.No;
    }

    private static int Inflate(ReadOnlySpan<byte> compressed, Span<byte> output)
    {
        using var source = new MemoryStream(compressed.ToArray(), writable: false);
        using var gzip = new GZipStream(source, CompressionMode.Decompress);
        var total = 0;
        try
        {
            while (total < output.Length)
            {
                var read = gzip.Read(output[total..]);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // Corrupt or cut-off deflate data: decide from what came out before it.
        }

        return total;
    }

    private static bool WalkElements(ReadOnlySpan<byte> head, bool explicitVr)
    {
        long pos = 0;
        long previousTag = -1;
        var elements = 0;
        while (elements < 4 && Bytes.Has(head, pos, 8))
        {
            var at = (int)pos;
            var group = Bytes.U16Le(head, at);
            long tag = ((long)group << 16) | Bytes.U16Le(head, at + 2);
            if (tag <= previousTag || (group & 1) != 0 || group > 0x7FE0)
            {
                return false;
            }

            uint length;
            var header = 8;
            if (explicitVr)
            {
                var vr = Vr(head[at + 4], head[at + 5]);
                if (Array.IndexOf(LongVrs, vr) >= 0)
                {
                    if (!Bytes.Has(head, pos, 12))
                    {
                        break;
                    }

                    length = Bytes.U32Le(head, at + 8);
                    header = 12;
                }
                else if (Array.IndexOf(ShortVrs, vr) >= 0)
                {
                    length = Bytes.U16Le(head, at + 6);
                }
                else
                {
                    return false;
                }
            }
            else
            {
                length = Bytes.U32Le(head, at + 4);
            }

            elements++;
            if (length == uint.MaxValue)
            {
                // Undefined length (a sequence): what follows are items, not elements of this level.
                return elements >= 2;
            }

            if ((length & 1) != 0 || (!explicitVr && length > 1024 * 1024))
            {
                return false;
            }

            previousTag = tag;
            pos += header + length;
        }

        // One element is enough only when it is all there is.
        return elements >= 2 || (elements == 1 && pos == head.Length);
    }

    private static string Vr(byte first, byte second) =>
        first is >= (byte)'A' and <= (byte)'Z' && second is >= (byte)'A' and <= (byte)'Z'
            ? string.Create(2, (first, second), static (chars, vr) => (chars[0], chars[1]) = ((char)vr.first, (char)vr.second))
            : string.Empty;
}
