using Curio.Media.Common;

namespace Curio.Media.Dicom;

/// <summary>
/// Reads a DICOM file's header (the file meta information and the dataset elements in <see cref="DicomTags"/>) from
/// the start of the file, without decoding pixels. When the header runs past the bytes given, the result asks for
/// more (never beyond <see cref="MaxHeaderBytes"/>); the caller reads that many bytes from the start of the file and
/// calls again.
/// </summary>
/// <remarks>
/// <para>Layouts accepted: a Part-10 file (128-byte preamble, "DICM", group 0002 file meta); and, since some writers
/// omit the preamble, a file that starts directly with the group 0002 file meta (explicit VR little endian) or with a
/// bare dataset of group 0008. A bare dataset has no transfer syntax: it is read as explicit VR little endian when the
/// bytes where an explicit VR would be are a known VR, else as implicit VR little endian. A "DICM" marker that is not
/// followed by group 0002 is Invalid.</para>
/// <para>Transfer syntaxes: implicit VR little endian, explicit VR big endian, and everything else as explicit VR
/// little endian (the compressed syntaxes compress only the pixel data). Deflated datasets are Unsupported: the
/// reader never inflates anything, so a decompression bomb costs nothing.</para>
/// <para>The dataset is read until PixelData (7FE0,0010), the first tag past PerFrameFunctionalGroupsSequence
/// (5200,9230) other than the group 7FE0 elements before PixelData (a group length, the extended offset table), or the
/// end of the file; only when it stops at PixelData are <see cref="DicomHeader.PixelDataOffset"/> and the length
/// known (a file with overlays, say, stops before them). Elements not wanted are skipped by their length, without decoding; sequences
/// of undefined length are walked (nested at most 16 deep). Wanted sequences (the functional groups) keep at most 16
/// items each, and the per-frame functional groups only their first item, after which reading stops: the whole
/// per-frame sequence can run to megabytes and nothing after it is needed. Odd lengths are accepted as written.</para>
/// <para>Failures are results, never exceptions: an element or item whose length runs past the declared file size,
/// a value representation that is not one, a PixelData longer than what is left of the file, a wanted value longer
/// than 64 KiB. Nothing is allocated in proportion to a declared length or size: what is kept is bounded by the bytes
/// given and by fixed limits.</para>
/// <para>When the header would need more than <see cref="MaxHeaderBytes"/> (say a 100 MB private element) after the
/// image attributes (group 0028) were read, the result is Ok with <see cref="DicomHeader.IsPartial"/> set; before
/// that point it is Invalid.</para>
/// </remarks>
public static class DicomHeaderReader
{
    public const int MaxHeaderBytes = 4 * 1024 * 1024;

    // Requests are rounded up so a header with large private elements does not cost one ranged read per element.
    private const int RequestGranularity = 64 * 1024;

    private const int Part10Start = 132;

    private enum Layout
    {
        NotDicom,
        Part10,
        MetaWithoutPreamble,
        ExplicitDataset,
        ImplicitDataset,
    }

    /// <param name="head">The start of the file, or all of it.</param>
    /// <param name="totalSize">
    /// The object's full size; a negative value means unknown. With an unknown size the reader cannot tell the end of
    /// the file from the end of the head: a caller whose read came back short knows the size then and should pass it.
    /// </param>
    public static DicomHeaderResult Read(ReadOnlySpan<byte> head, long totalSize)
    {
        var sizeKnown = totalSize >= 0;
        if (sizeKnown && head.Length > totalSize)
        {
            head = head[..(int)totalSize];
        }

        var isWholeFile = sizeKnown && head.Length >= totalSize;
        if (sizeKnown && totalSize == 0)
        {
            return DicomHeaderResult.Invalid("the file is empty (0 bytes)");
        }

        if (head.Length < Part10Start && !isWholeFile)
        {
            return Settle(sizeKnown ? Math.Min(Part10Start, totalSize) : Part10Start, head.Length, totalSize, "");
        }

        var layout = Detect(head);
        long pos = layout == Layout.Part10 ? Part10Start : 0;
        if (layout == Layout.NotDicom)
        {
            return DicomHeaderResult.Invalid(Bytes.At(head, 128, "DICM"u8)
                ? "the file has a 'DICM' marker but no file meta information (group 0002) after it; it is corrupt"
                : "not a DICOM file: there is no 'DICM' marker at byte 128 and the file does not start with a DICOM element");
        }

        if (layout == Layout.Part10 && isWholeFile && head.Length <= Part10Start)
        {
            return DicomHeaderResult.Invalid("the DICOM file is truncated: it ends right after its 'DICM' marker");
        }

        var parser = new DicomParser(head, sizeKnown ? totalSize : -1);
        var meta = new List<DicomElement>();
        string transferSyntax;
        if (layout is Layout.Part10 or Layout.MetaWithoutPreamble)
        {
            var outcome = parser.FileMeta(ref pos, meta);
            if (outcome == Outcome.NeedMore)
            {
                return Settle(parser.Needed, head.Length, totalSize, parser.Where);
            }

            if (outcome == Outcome.Invalid)
            {
                return DicomHeaderResult.Invalid(parser.Problem!);
            }

            var uid = new DicomDataset(meta).GetString(DicomTags.TransferSyntaxUid);
            if (uid is null)
            {
                return DicomHeaderResult.Invalid("the file meta information has no TransferSyntaxUID (0002,0010), so the encoding of the dataset is unknown");
            }

            if (!DicomTransferSyntax.IsValidUid(uid))
            {
                return DicomHeaderResult.Invalid($"the TransferSyntaxUID (0002,0010) '{uid}' is not a valid UID");
            }

            if (DicomTransferSyntax.IsDeflated(uid))
            {
                return DicomHeaderResult.Unsupported(
                    $"the dataset is deflate-compressed (transfer syntax {uid}), which Curio does not read; "
                    + "convert the file to an uncompressed transfer syntax (e.g. dcmconv +te in.dcm out.dcm) and import it again");
            }

            transferSyntax = uid;
        }
        else
        {
            transferSyntax = layout == Layout.ExplicitDataset ? DicomTransferSyntax.ExplicitVrLittleEndian : DicomTransferSyntax.ImplicitVrLittleEndian;
        }

        var dataset = new List<DicomElement>();
        var result = parser.Dataset(ref pos, DicomTransferSyntax.Syntax(transferSyntax), dataset);
        var partial = false;
        if (result == Outcome.NeedMore)
        {
            var truncated = sizeKnown && parser.Needed > totalSize;
            if (truncated || parser.Needed <= MaxHeaderBytes || !parser.PastImageGroup)
            {
                return Settle(parser.Needed, head.Length, totalSize, parser.Where);
            }

            partial = true;
        }
        else if (result == Outcome.Invalid)
        {
            return DicomHeaderResult.Invalid(parser.Problem!);
        }

        return DicomHeaderResult.Ok(new DicomHeader(
            transferSyntax, layout == Layout.Part10, meta.Count > 0, new DicomDataset(meta), new DicomDataset(dataset),
            parser.PixelDataOffset, parser.PixelDataValueOffset, parser.PixelDataLength, partial));
    }

    private static Layout Detect(ReadOnlySpan<byte> head)
    {
        if (Bytes.At(head, 128, "DICM"u8))
        {
            // The meta group must follow; a file that ends right after the marker is truncated, which the parser says.
            return !Bytes.Has(head, Part10Start, 2) || Bytes.U16Le(head, Part10Start) == 0x0002 ? Layout.Part10 : Layout.NotDicom;
        }

        if (!Bytes.Has(head, 0, 8))
        {
            return Layout.NotDicom;
        }

        var explicitVr = DicomParser.IsVr(head[4], head[5]);
        return Bytes.U16Le(head, 0) switch
        {
            0x0002 when explicitVr => Layout.MetaWithoutPreamble,
            0x0008 => explicitVr ? Layout.ExplicitDataset : Layout.ImplicitDataset,
            _ => Layout.NotDicom,
        };
    }

    // Turns the parser's bare "need N bytes" into a request the caller can act on, or into a failure when the file
    // (or the cap) ends first.
    private static DicomHeaderResult Settle(long needed, int have, long totalSize, string where)
    {
        if (needed <= have)
        {
            return DicomHeaderResult.Invalid($"the DICOM header could not be read{where}");
        }

        if (totalSize >= 0 && needed > totalSize)
        {
            return DicomHeaderResult.Invalid($"the DICOM file is truncated{where}");
        }

        if (needed > MaxHeaderBytes)
        {
            return DicomHeaderResult.Invalid($"the DICOM header does not end within the first {MaxHeaderBytes / (1024 * 1024)} MiB{where}");
        }

        var request = (needed + RequestGranularity - 1) / RequestGranularity * RequestGranularity;
        request = Math.Min(request, MaxHeaderBytes);
        if (totalSize >= 0)
        {
            request = Math.Min(request, totalSize);
        }

        return DicomHeaderResult.NeedMoreBytes((int)request);
    }
}
