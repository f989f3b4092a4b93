using System.Buffers.Binary;
using System.Text;

namespace Curio.Media.Dicom;

internal enum Outcome
{
    /// <summary>The level read to its end; carry on.</summary>
    Continue,

    /// <summary>Everything needed was read (or the file ended at the top level); stop reading.</summary>
    Stop,
    NeedMore,
    Invalid,
}

internal readonly record struct ElementHeader(uint Tag, string? Vr, uint Length, int Size);

/// <summary>
/// Walks the elements of a DICOM dataset in a span without copying it. Every read is bounds-checked: when the bytes
/// run out it reports how many it needs (<see cref="Needed"/>), and a malformed length or structure is a
/// <see cref="Problem"/>, never an exception. What it keeps is bounded by the wanted tags, the item limits and
/// <see cref="MaxStored"/>, whatever the input.
/// </summary>
internal ref struct DicomParser
{
    public const int MaxSequenceDepth = 16;
    public const int MaxItemsPerSequence = 16;
    public const int MaxValueLength = 64 * 1024;

    // Elements and items kept across the whole file; a hostile file with thousands of nested wanted sequences is
    // still read to its end, only not kept.
    public const int MaxStored = 2048;

    private const uint Undefined = uint.MaxValue;
    private const uint LastImageGroupTag = 0x0028FFFF;

    private static readonly string[] ShortVrs =
        ["AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"];

    private static readonly string[] LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    private readonly ReadOnlySpan<byte> _data;
    private readonly long _total;
    private bool _utf8;
    private int _stored;
    private uint _topLevelTag;

    public DicomParser(ReadOnlySpan<byte> data, long total)
    {
        _data = data;
        _total = total;
    }

    /// <summary>For <see cref="Outcome.NeedMore"/>: bytes from the start of the file needed to go on.</summary>
    public long Needed { get; private set; }

    /// <summary>For <see cref="Outcome.NeedMore"/>: where the reader was, e.g. " inside element (0020,0032) ImagePositionPatient".</summary>
    public string Where { get; private set; } = "";

    /// <summary>For <see cref="Outcome.Invalid"/>: what is wrong, as a sentence fragment starting in lower case.</summary>
    public string? Problem { get; private set; }

    public long? PixelDataOffset { get; private set; }

    public long? PixelDataLength { get; private set; }

    public long? PixelDataValueOffset { get; private set; }

    /// <summary>True when the top-level element being read lies past the image attributes (group 0028).</summary>
    public readonly bool PastImageGroup => _topLevelTag > LastImageGroupTag;

    /// <summary>Reads the group 0002 elements at <paramref name="pos"/> (always explicit VR little endian).</summary>
    public Outcome FileMeta(ref long pos, List<DicomElement> into)
    {
        while (true)
        {
            if (_total >= 0 && pos >= _total)
            {
                return Outcome.Continue;
            }

            if (!Has(pos, 2))
            {
                return Need(pos + 8, " in the file meta information");
            }

            if (BinaryPrimitives.ReadUInt16LittleEndian(_data[(int)pos..]) != 0x0002)
            {
                return Outcome.Continue;
            }

            var outcome = Header(pos, DicomSyntax.ExplicitLittle, 0, out var header);
            if (outcome != Outcome.Continue)
            {
                return outcome;
            }

            if (header.Length == Undefined)
            {
                return Fail($"the file meta information element {Describe(header.Tag)} has an undefined length");
            }

            var end = pos + header.Size + header.Length;
            if (_total >= 0 && end > _total)
            {
                return PastEndOfFile(header);
            }

            if (DicomTags.Dictionary.TryGetValue(header.Tag, out var info) && header.Tag >> 16 == 0x0002 && !Holds(into, header.Tag))
            {
                outcome = Keep(pos + header.Size, header, info, DicomSyntax.ExplicitLittle, into);
                if (outcome != Outcome.Continue)
                {
                    return outcome;
                }
            }

            pos = end;
        }
    }

    /// <summary>Reads the top-level dataset until PixelData, the first tag past the wanted ones, or the end of the file.</summary>
    public Outcome Dataset(ref long pos, DicomSyntax syntax, List<DicomElement> into) =>
        Elements(ref pos, -1, untilDelimiter: false, 0, syntax, into, topLevel: true, 0);

    // One level of elements: the top level, a defined-length item (which ends at `end`) or an undefined-length item
    // (which ends at its delimiter). `into` is null while skipping: nothing is kept, only walked.
    private Outcome Elements(ref long pos, long end, bool untilDelimiter, int depth, DicomSyntax syntax, List<DicomElement>? into, bool topLevel, uint context)
    {
        while (true)
        {
            if (end >= 0 && pos >= end)
            {
                return Outcome.Continue;
            }

            if (topLevel && _total >= 0 && pos >= _total)
            {
                return Outcome.Stop;
            }

            if (topLevel)
            {
                if (!Has(pos, 4))
                {
                    return Need(pos + 8, "");
                }

                var tag = ReadTag(pos, syntax.LittleEndian);
                _topLevelTag = tag;
                if (tag == DicomTags.PixelData)
                {
                    return AtPixelData(pos, syntax);
                }

                // Past the wanted tags: stop, except for what may precede PixelData in its own group (a group length,
                // the extended offset table), so that the pixel data is still reached when it comes next.
                if (tag > DicomTags.LastWanted && (tag >> 16 != DicomTags.PixelData >> 16 || tag > DicomTags.PixelData))
                {
                    return Outcome.Stop;
                }
            }

            var outcome = Header(pos, syntax, context, out var header);
            if (outcome != Outcome.Continue)
            {
                return outcome;
            }

            if (header.Tag == DicomTags.ItemDelimitation && untilDelimiter)
            {
                pos += 8;
                return Outcome.Continue;
            }

            if (header.Tag >> 16 == 0xFFFE)
            {
                return Fail($"the DICOM file is corrupt: {DicomTags.Format(header.Tag)} appears where a data element was expected{Inside(context)}");
            }

            var valueStart = pos + header.Size;
            var wanted = Wanted(header.Tag, into, out var info);
            if (header.Length == Undefined)
            {
                // A sequence, UN holding an implicit-VR sequence (CP-246), or an encapsulated value: all are items.
                if (header.Vr is not (null or "SQ" or "UN" or "OB" or "OW"))
                {
                    return Fail($"the DICOM file is corrupt: element {Describe(header.Tag)} has an undefined length, which its value representation {header.Vr} does not allow");
                }

                var itemSyntax = header.Vr == "UN" ? DicomSyntax.ImplicitLittle : syntax;
                var items = wanted && info.Vr == "SQ" ? new List<DicomDataset>() : null;
                var p = valueStart;
                outcome = Sequence(ref p, -1, depth + 1, itemSyntax, header.Tag, items, topLevel && header.Tag == DicomTags.PerFrameFunctionalGroupsSequence);
                if (outcome is Outcome.NeedMore or Outcome.Invalid)
                {
                    return outcome;
                }

                if (end >= 0 && p > end)
                {
                    return Fail($"the DICOM file is corrupt: element {Describe(header.Tag)} runs past the end of its item{Inside(context)}");
                }

                if (items is not null)
                {
                    Store(into!, new DicomElement(header.Tag, "SQ", [], [], items));
                }

                if (outcome == Outcome.Stop)
                {
                    return Outcome.Stop;
                }

                pos = p;
                continue;
            }

            var valueEnd = valueStart + header.Length;
            if (_total >= 0 && valueEnd > _total)
            {
                return PastEndOfFile(header);
            }

            if (end >= 0 && valueEnd > end)
            {
                return Fail($"the DICOM file is corrupt: element {Describe(header.Tag)} declares {header.Length} bytes, which runs past the end of its item{Inside(context)}");
            }

            if (wanted)
            {
                if (info.Vr == "SQ")
                {
                    if (header.Vr is null or "SQ" or "UN")
                    {
                        var items = new List<DicomDataset>();
                        var p = valueStart;
                        var itemSyntax = header.Vr == "UN" ? DicomSyntax.ImplicitLittle : syntax;
                        outcome = Sequence(ref p, valueEnd, depth + 1, itemSyntax, header.Tag, items, topLevel && header.Tag == DicomTags.PerFrameFunctionalGroupsSequence);
                        if (outcome is Outcome.NeedMore or Outcome.Invalid)
                        {
                            return outcome;
                        }

                        Store(into!, new DicomElement(header.Tag, "SQ", [], [], items));
                        if (outcome == Outcome.Stop)
                        {
                            return Outcome.Stop;
                        }
                    }
                }
                else
                {
                    outcome = Keep(valueStart, header, info, syntax, into!);
                    if (outcome != Outcome.Continue)
                    {
                        return outcome;
                    }

                    if (topLevel && header.Tag == DicomTags.SpecificCharacterSet)
                    {
                        _utf8 = into!.Count > 0 && into[^1].Tag == DicomTags.SpecificCharacterSet && into[^1].Strings.Contains("ISO_IR 192");
                    }
                }
            }

            pos = valueEnd;
        }
    }

    // The items of a sequence: up to `end` when its length is defined, else up to its delimiter.
    private Outcome Sequence(ref long pos, long end, int depth, DicomSyntax syntax, uint sequenceTag, List<DicomDataset>? items, bool stopAfterFirstItem)
    {
        if (depth > MaxSequenceDepth)
        {
            return Fail($"sequences are nested more than {MaxSequenceDepth} deep (at element {Describe(sequenceTag)}); the file is corrupt or hostile");
        }

        while (true)
        {
            if (end >= 0 && pos >= end)
            {
                return Outcome.Continue;
            }

            if (!Has(pos, 8))
            {
                return Need(pos + 8, Inside(sequenceTag));
            }

            var tag = ReadTag(pos, syntax.LittleEndian);
            var length = ReadU32(pos + 4, syntax.LittleEndian);
            if (tag == DicomTags.SequenceDelimitation && end < 0)
            {
                pos += 8;
                return Outcome.Continue;
            }

            if (tag != DicomTags.Item)
            {
                return Fail($"the DICOM file is corrupt: sequence {Describe(sequenceTag)} holds {DicomTags.Format(tag)} where an item was expected");
            }

            var itemStart = pos + 8;
            var keep = items is not null && items.Count < MaxItemsPerSequence && _stored < MaxStored ? new List<DicomElement>() : null;
            if (length == Undefined)
            {
                var p = itemStart;
                var outcome = Elements(ref p, -1, untilDelimiter: true, depth, syntax, keep, topLevel: false, sequenceTag);
                if (outcome != Outcome.Continue)
                {
                    return outcome;
                }

                if (end >= 0 && p > end)
                {
                    return Fail($"the DICOM file is corrupt: an item of sequence {Describe(sequenceTag)} runs past the end of the sequence");
                }

                pos = p;
            }
            else
            {
                var itemEnd = itemStart + length;
                if (_total >= 0 && itemEnd > _total)
                {
                    return Fail($"the DICOM file is truncated or corrupt: an item of sequence {Describe(sequenceTag)} declares {length} bytes, which runs past the end of the file ({_total} bytes)");
                }

                if (end >= 0 && itemEnd > end)
                {
                    return Fail($"the DICOM file is corrupt: an item of sequence {Describe(sequenceTag)} declares {length} bytes, which runs past the end of the sequence");
                }

                if (keep is not null)
                {
                    var p = itemStart;
                    var outcome = Elements(ref p, itemEnd, untilDelimiter: false, depth, syntax, keep, topLevel: false, sequenceTag);
                    if (outcome != Outcome.Continue)
                    {
                        return outcome;
                    }
                }

                pos = itemEnd;
            }

            if (keep is not null)
            {
                items!.Add(new DicomDataset(keep));
                _stored++;
            }

            if (stopAfterFirstItem)
            {
                return Outcome.Stop;
            }
        }
    }

    private Outcome AtPixelData(long pos, DicomSyntax syntax)
    {
        var outcome = Header(pos, syntax, 0, out var header);
        if (outcome != Outcome.Continue)
        {
            return outcome;
        }

        PixelDataOffset = pos;
        PixelDataValueOffset = pos + header.Size;
        if (header.Length != Undefined)
        {
            var start = pos + header.Size;
            if (_total >= 0 && start + header.Length > _total)
            {
                return Fail($"the DICOM file is truncated: its PixelData (7FE0,0010) declares {header.Length} bytes but the file ends {_total - start} bytes after it starts");
            }

            PixelDataLength = header.Length;
        }

        return Outcome.Stop;
    }

    private Outcome Header(long pos, DicomSyntax syntax, uint context, out ElementHeader header)
    {
        header = default;
        if (!Has(pos, 8))
        {
            return Need(pos + 8, Inside(context));
        }

        var at = (int)pos;
        var tag = ReadTag(pos, syntax.LittleEndian);
        if (tag >> 16 == 0xFFFE || !syntax.ExplicitVr)
        {
            header = new(tag, null, ReadU32(pos + 4, syntax.LittleEndian), 8);
            return Outcome.Continue;
        }

        var first = _data[at + 4];
        var second = _data[at + 5];
        if (FindVr(ShortVrs, first, second) is { } shortVr)
        {
            var length = syntax.LittleEndian
                ? BinaryPrimitives.ReadUInt16LittleEndian(_data[(at + 6)..])
                : BinaryPrimitives.ReadUInt16BigEndian(_data[(at + 6)..]);
            header = new(tag, shortVr, length, 8);
            return Outcome.Continue;
        }

        if (FindVr(LongVrs, first, second) is { } longVr)
        {
            if (!Has(pos, 12))
            {
                return Need(pos + 12, Inside(tag));
            }

            header = new(tag, longVr, ReadU32(pos + 8, syntax.LittleEndian), 12);
            return Outcome.Continue;
        }

        return Fail($"the DICOM file is corrupt: element {Describe(tag)}{Inside(context)} has no valid value representation "
            + $"(bytes 0x{first:X2} 0x{second:X2}); the file may not use the transfer syntax it declares");
    }

    // Decodes a wanted element's value and keeps it.
    private Outcome Keep(long valueStart, ElementHeader header, DicomTagInfo info, DicomSyntax syntax, List<DicomElement> into)
    {
        // The file's own VR, except in implicit-VR data and for UN, where the dictionary says what the bytes are.
        var vr = header.Vr is null or "UN" ? info.Vr : header.Vr;
        if (vr is "SQ" or "OB" or "OW" or "OD" or "OF" or "OL" or "OV" or "UN" or "AT" || _stored >= MaxStored)
        {
            return Outcome.Continue;
        }

        if (header.Length > MaxValueLength)
        {
            return Fail($"the DICOM tag '{info.Keyword}' {DicomTags.Format(info.Tag)} has a {header.Length}-byte value; a file with more than {MaxValueLength} bytes there is not read");
        }

        if (!Has(valueStart, header.Length))
        {
            return Need(valueStart + header.Length, Inside(header.Tag));
        }

        var value = _data.Slice((int)valueStart, (int)header.Length);
        Store(into, vr switch
        {
            "US" or "SS" or "UL" or "SL" or "FL" or "FD" or "SV" or "UV" => new DicomElement(info.Tag, vr, [], Binary(value, vr, syntax.LittleEndian), []),
            _ => new DicomElement(info.Tag, vr, Text(value, vr), [], []),
        });
        return Outcome.Continue;
    }

    private void Store(List<DicomElement> into, DicomElement element)
    {
        into.Add(element);
        _stored++;
    }

    private readonly bool Wanted(uint tag, List<DicomElement>? into, out DicomTagInfo info)
    {
        info = default;
        return into is not null && _stored < MaxStored && DicomTags.IsWanted(tag) && !Holds(into, tag)
            && DicomTags.Dictionary.TryGetValue(tag, out info);
    }

    private static bool Holds(List<DicomElement> elements, uint tag)
    {
        foreach (var element in elements)
        {
            if (element.Tag == tag)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the two bytes are a value representation this parser knows.</summary>
    public static bool IsVr(byte first, byte second) => FindVr(ShortVrs, first, second) is not null || FindVr(LongVrs, first, second) is not null;

    private static string? FindVr(string[] vrs, byte first, byte second)
    {
        foreach (var vr in vrs)
        {
            if (vr[0] == first && vr[1] == second)
            {
                return vr;
            }
        }

        return null;
    }

    private static double[] Binary(ReadOnlySpan<byte> value, string vr, bool littleEndian)
    {
        var size = vr switch { "US" or "SS" => 2, "UL" or "SL" or "FL" => 4, _ => 8 };
        var values = new double[value.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            var bytes = value.Slice(i * size, size);
            values[i] = (vr, littleEndian) switch
            {
                ("US", true) => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                ("US", false) => BinaryPrimitives.ReadUInt16BigEndian(bytes),
                ("SS", true) => BinaryPrimitives.ReadInt16LittleEndian(bytes),
                ("SS", false) => BinaryPrimitives.ReadInt16BigEndian(bytes),
                ("UL", true) => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
                ("UL", false) => BinaryPrimitives.ReadUInt32BigEndian(bytes),
                ("SL", true) => BinaryPrimitives.ReadInt32LittleEndian(bytes),
                ("SL", false) => BinaryPrimitives.ReadInt32BigEndian(bytes),
                ("FL", true) => BinaryPrimitives.ReadSingleLittleEndian(bytes),
                ("FL", false) => BinaryPrimitives.ReadSingleBigEndian(bytes),
                ("FD", true) => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                ("FD", false) => BinaryPrimitives.ReadDoubleBigEndian(bytes),
                ("SV", true) => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                ("SV", false) => BinaryPrimitives.ReadInt64BigEndian(bytes),
                (_, true) => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                _ => BinaryPrimitives.ReadUInt64BigEndian(bytes),
            };
        }

        return values;
    }

    // Strings as pydicom gives them: split at backslashes (except the free-text VRs), padding removed (both ends for
    // the code-like VRs, the end only where leading spaces are significant), an empty component as null.
    private readonly string?[] Text(ReadOnlySpan<byte> value, string vr)
    {
        var encoding = _utf8 && vr is "LO" or "SH" or "PN" or "LT" or "ST" or "UT" or "UC" ? Encoding.UTF8 : Encoding.Latin1;
        var text = encoding.GetString(value);
        var parts = vr is "LT" or "ST" or "UT" or "UR" ? [text] : text.Split('\\');
        var trimBoth = vr is "AE" or "AS" or "CS" or "DA" or "DS" or "DT" or "IS" or "TM" or "UI";
        var values = new string?[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = trimBoth ? parts[i].Trim(' ', '\0') : parts[i].TrimEnd(' ', '\0');
            values[i] = part.Length == 0 ? null : part;
        }

        return values is [null] ? [] : values;
    }

    private readonly bool Has(long offset, long count) => offset >= 0 && count >= 0 && offset <= _data.Length && count <= _data.Length - offset;

    private readonly uint ReadTag(long pos, bool littleEndian)
    {
        var at = _data[(int)pos..];
        return littleEndian
            ? ((uint)BinaryPrimitives.ReadUInt16LittleEndian(at) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(at[2..])
            : ((uint)BinaryPrimitives.ReadUInt16BigEndian(at) << 16) | BinaryPrimitives.ReadUInt16BigEndian(at[2..]);
    }

    private readonly uint ReadU32(long pos, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(_data[(int)pos..]) : BinaryPrimitives.ReadUInt32BigEndian(_data[(int)pos..]);

    private Outcome Need(long bytes, string where)
    {
        Needed = bytes;
        Where = where;
        return Outcome.NeedMore;
    }

    private Outcome Fail(string problem)
    {
        Problem = problem;
        return Outcome.Invalid;
    }

    private Outcome PastEndOfFile(ElementHeader header) =>
        Fail($"the DICOM file is truncated or corrupt: element {Describe(header.Tag)} declares {header.Length} bytes, which runs past the end of the file ({_total} bytes)");

    private static string Inside(uint tag) => tag == 0 ? "" : $" inside element {Describe(tag)}";

    private static string Describe(uint tag) =>
        DicomTags.Dictionary.TryGetValue(tag, out var info) ? $"{DicomTags.Format(tag)} {info.Keyword}" : DicomTags.Format(tag);
}
