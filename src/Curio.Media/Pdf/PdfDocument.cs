using System.Globalization;

namespace Curio.Media.Pdf;

internal readonly record struct XrefEntry(int Type, long Field2, long Field3);

/// <summary>
/// The cross-reference data of a PDF and the objects it locates: classic tables (entries are read where they lie,
/// not all parsed), cross-reference streams (PDF 1.5+), hybrid files (<c>/XRefStm</c>), incremental updates
/// (<c>/Prev</c>, loaded only when an object is not in a newer section), and objects inside compressed object
/// streams. Every loop and every decoded stream is bounded.
/// </summary>
internal sealed class PdfDocument
{
    /// <summary>The most of any one stream that is read, and the most an object stream inflates to.</summary>
    public const int MaxStreamBytes = 1024 * 1024;

    private const int MaxXrefStreamBytes = 4 * 1024 * 1024;
    private const int MaxXrefDecodedBytes = 8 * 1024 * 1024;
    private const int MaxSections = 64;
    private const int MaxObjectLoads = 256;
    private const int MaxHops = 16;
    private const int StartXrefWindow = 64 * 1024;

    private readonly PdfBytes _bytes;
    private readonly List<XrefSection> _sections = [];
    private readonly HashSet<long> _sectionOffsets = [];
    private readonly Dictionary<int, PdfObject> _objects = [];
    private readonly HashSet<int> _loading = [];
    private readonly Dictionary<int, ObjectStream> _objectStreams = [];
    private int _loads;

    private PdfDocument(PdfBytes bytes) => _bytes = bytes;

    public bool IsEncrypted { get; private set; }

    /// <summary>Finds <c>startxref</c> at the end of the file and loads the newest cross-reference section.</summary>
    public static PdfDocument Open(PdfBytes bytes)
    {
        var document = new PdfDocument(bytes);
        var startXref = document.FindStartXref();
        document.LoadSection(startXref);
        document.IsEncrypted = document._sections[0].Trailer["Encrypt"] is not null;
        return document;
    }

    /// <summary>The newest trailer that names a catalog.</summary>
    public PdfDict Trailer()
    {
        for (var i = 0; i < MaxSections; i++)
        {
            if (i == _sections.Count && !LoadNext())
            {
                break;
            }

            if (_sections[i].Trailer["Root"] is not null)
            {
                return _sections[i].Trailer;
            }
        }

        throw new PdfBrokenException("no trailer names a /Root catalog");
    }

    /// <summary>Follows references until a direct object; a missing object is PDF null.</summary>
    public PdfObject Resolve(PdfObject? value)
    {
        for (var hops = 0; value is PdfRef reference; hops++)
        {
            if (hops == MaxHops)
            {
                throw new PdfBrokenException("a chain of references does not end");
            }

            value = Get(reference.Number);
        }

        return value ?? PdfOther.Instance;
    }

    private PdfObject Get(int number)
    {
        if (_objects.TryGetValue(number, out var known))
        {
            return known;
        }

        if (!_loading.Add(number))
        {
            throw new PdfBrokenException($"object {number} refers to itself");
        }

        try
        {
            if (++_loads > MaxObjectLoads)
            {
                throw new PdfUnknownException("finding the page count would need more than 256 objects");
            }

            var value = Lookup(number) switch
            {
                { Type: 1 } entry => ReadAt(entry.Field2, number),
                { Type: 2 } entry => FromObjectStream((int)Math.Min(entry.Field2, int.MaxValue), number),
                _ => PdfOther.Instance,
            };
            _objects[number] = value;
            return value;
        }
        finally
        {
            _loading.Remove(number);
        }
    }

    private PdfObject ReadAt(long offset, int number)
    {
        if (offset < 0 || offset >= _bytes.Size)
        {
            throw new PdfBrokenException($"the cross-reference entry of object {number} points outside the file");
        }

        var span = _bytes.From(offset);
        if (span.IsEmpty)
        {
            throw _bytes.Need(offset, PdfBytes.MinRequest);
        }

        return new PdfParser(span, offset, _bytes).ReadIndirect(number);
    }

    private XrefEntry? Lookup(int number)
    {
        for (var i = 0; i < MaxSections; i++)
        {
            if (i == _sections.Count && !LoadNext())
            {
                return null;
            }

            if (_sections[i].Find(number) is { Type: 1 or 2 } entry)
            {
                return entry;
            }
        }

        return null;
    }

    private PdfObject FromObjectStream(int streamNumber, int number)
    {
        if (!_objectStreams.TryGetValue(streamNumber, out var stream))
        {
            if (IsEncrypted)
            {
                throw new PdfUnknownException("the page tree is in a compressed object stream of an encrypted PDF");
            }

            if (Resolve(new PdfRef(streamNumber, 0)) is not PdfDict { StreamStart: >= 0 } dict || !dict.Is("Type", "ObjStm"))
            {
                throw new PdfBrokenException($"object {number} is said to be in object stream {streamNumber}, which is not one");
            }

            if (dict["N"] is not PdfInteger { Value: >= 0 } count || dict["First"] is not PdfInteger { Value: >= 0 } first)
            {
                throw new PdfBrokenException($"object stream {streamNumber} has no /N or /First");
            }

            var (data, cut) = StreamData(dict, MaxStreamBytes);
            var decoded = PdfStreams.Decode(dict, data, MaxStreamBytes);
            stream = new ObjectStream(decoded, cut || decoded.Length >= MaxStreamBytes, count.Value, first.Value);
            _objectStreams[streamNumber] = stream;
        }

        // The stream starts with N pairs "object-number offset"; offsets count from /First.
        var parser = new PdfParser(stream.Data, 0, null);
        for (long i = 0; i < stream.Count; i++)
        {
            var (objectNumber, offset) = (parser.ReadInteger(), parser.ReadInteger());
            if (objectNumber != number)
            {
                continue;
            }

            var at = stream.First + offset;
            if (at < 0 || at >= stream.Data.Length)
            {
                throw stream.Capped
                    ? new PdfUnknownException("the page tree is deeper than 1 MiB into a compressed object stream")
                    : new PdfBrokenException($"object {number} lies outside its object stream");
            }

            return new PdfParser(stream.Data.AsSpan((int)at), 0, null).ReadObject();
        }

        throw new PdfBrokenException($"object {number} is not in object stream {streamNumber}");
    }

    /// <summary>The raw data of a stream, at most <paramref name="cap"/> bytes of it, and whether it was cut there.</summary>
    private (ReadOnlyMemory<byte> Data, bool Cut) StreamData(PdfDict dict, int cap)
    {
        if (Resolve(dict["Length"]) is not PdfInteger { Value: >= 0 } length)
        {
            throw new PdfBrokenException("a stream has no valid /Length");
        }

        var take = Math.Min(Math.Min(length.Value, cap), _bytes.Size - dict.StreamStart);
        _bytes.Require(dict.StreamStart, take);
        return (_bytes.FromMemory(dict.StreamStart)[..(int)take], length.Value > take);
    }

    private long FindStartXref()
    {
        if (!_bytes.TryGetEnd(out var start, out var end))
        {
            var from = Math.Max(0, _bytes.Size - StartXrefWindow);
            throw _bytes.Need(from, _bytes.Size - from);
        }

        var window = end[Math.Max(0, end.Length - StartXrefWindow)..];
        var at = window.LastIndexOf("startxref"u8);
        if (at < 0)
        {
            if (end.Length < StartXrefWindow && start > 0)
            {
                throw _bytes.Need(Math.Max(0, _bytes.Size - StartXrefWindow), StartXrefWindow);
            }

            throw new PdfTruncatedException();
        }

        var parser = new PdfParser(window[(at + 9)..], 0, null);
        long offset;
        try
        {
            offset = parser.ReadInteger();
        }
        catch (PdfBrokenException)
        {
            throw new PdfBrokenException("startxref is not followed by an offset");
        }

        return offset >= 0 && offset < _bytes.Size ? offset : throw new PdfBrokenException("startxref points outside the file");
    }

    private bool LoadNext()
    {
        if (_sections.Count == 0 || _sections.Count >= MaxSections || _sections[^1].Prev is not { } prev)
        {
            return false;
        }

        // A /Prev that loops back adds nothing.
        var before = _sections.Count;
        LoadSection(prev);
        return _sections.Count > before;
    }

    private void LoadSection(long offset)
    {
        if (offset < 0 || offset >= _bytes.Size)
        {
            throw new PdfBrokenException("a cross-reference offset points outside the file");
        }

        if (!_sectionOffsets.Add(offset))
        {
            // A /Prev chain that loops: what was loaded is all there is.
            _sections[^1] = _sections[^1] with { Prev = null };
            return;
        }

        var span = _bytes.From(offset);
        if (span.IsEmpty)
        {
            throw _bytes.Need(offset, PdfBytes.MinRequest);
        }

        var parser = new PdfParser(span, offset, _bytes);
        if (parser.TryKeyword("xref"u8))
        {
            var section = ReadTable(parser.Position);
            _sections.Add(section);
            if (section.Trailer["XRefStm"] is PdfInteger { Value: >= 0 } hybrid && _sectionOffsets.Add(hybrid.Value))
            {
                // A hybrid file: the stream lists the objects that live in object streams, for PDF 1.5 readers.
                var stream = ReadStreamSection(hybrid.Value);
                _sections.Add(stream with { Prev = section.Prev });
                _sections[^2] = section with { Prev = null };
            }

            return;
        }

        _sections.Add(ReadStreamSection(offset));
    }

    private StreamSection ReadStreamSection(long offset)
    {
        if (offset >= _bytes.Size)
        {
            throw new PdfBrokenException("a cross-reference stream offset points outside the file");
        }

        var span = _bytes.From(offset);
        if (span.IsEmpty)
        {
            throw _bytes.Need(offset, PdfBytes.MinRequest);
        }

        PdfObject value;
        try
        {
            value = new PdfParser(span, offset, _bytes).ReadIndirect(-1);
        }
        catch (PdfBrokenException)
        {
            throw new PdfBrokenException("a cross-reference offset does not point at a cross-reference section");
        }

        if (value is not PdfDict { StreamStart: >= 0 } dict || !dict.Is("Type", "XRef"))
        {
            throw new PdfBrokenException("a cross-reference offset does not point at a cross-reference section");
        }

        if (dict["W"] is not PdfArray { Items: [PdfInteger { Value: >= 0 and <= 8 } w1, PdfInteger { Value: >= 0 and <= 8 } w2, PdfInteger { Value: >= 0 and <= 8 } w3] })
        {
            throw new PdfBrokenException("a cross-reference stream has no valid /W");
        }

        var size = dict["Size"] is PdfInteger { Value: >= 0 } s ? s.Value : 0;
        var index = new List<(long Start, long Count)>();
        if (dict["Index"] is PdfArray { Items.Count: > 0 } indexArray)
        {
            for (var i = 0; i + 1 < indexArray.Items.Count; i += 2)
            {
                if (indexArray.Items[i] is PdfInteger { Value: >= 0 and <= int.MaxValue } first
                    && indexArray.Items[i + 1] is PdfInteger { Value: >= 0 and <= int.MaxValue } n)
                {
                    index.Add((first.Value, n.Value));
                }
            }
        }
        else
        {
            index.Add((0, Math.Min(size, int.MaxValue)));
        }

        if (dict["Length"] is not PdfInteger { Value: >= 0 } length)
        {
            throw new PdfBrokenException("a cross-reference stream has no direct /Length");
        }

        if (length.Value > MaxXrefStreamBytes)
        {
            throw new PdfUnknownException("the cross-reference stream is larger than 4 MiB");
        }

        var take = Math.Min(length.Value, _bytes.Size - dict.StreamStart);
        _bytes.Require(dict.StreamStart, take);
        var data = PdfStreams.Decode(dict, _bytes.FromMemory(dict.StreamStart)[..(int)take], MaxXrefDecodedBytes);
        var widths = new[] { (int)w1.Value, (int)w2.Value, (int)w3.Value };
        return new StreamSection(dict, Prev(dict), data, widths, index);
    }

    private ClassicSection ReadTable(long position)
    {
        var subsections = new List<Subsection>();
        for (var guard = 0; guard < 100_000; guard++)
        {
            var span = _bytes.From(position);
            if (span.IsEmpty)
            {
                throw _bytes.Need(position, PdfBytes.MinRequest);
            }

            var parser = new PdfParser(span, position, _bytes);
            if (parser.TryKeyword("trailer"u8))
            {
                if (parser.ReadObject() is not PdfDict trailer)
                {
                    throw new PdfBrokenException("the trailer is not a dictionary");
                }

                return new ClassicSection(trailer, Prev(trailer), subsections, _bytes);
            }

            long first, count;
            try
            {
                (first, count) = (parser.ReadInteger(), parser.ReadInteger());
            }
            catch (PdfBrokenException)
            {
                throw new PdfBrokenException("the cross-reference table is malformed");
            }

            if (first < 0 || count < 0 || first + count > int.MaxValue)
            {
                throw new PdfBrokenException("the cross-reference table has an invalid subsection");
            }

            parser.SkipSpace();
            var entries = parser.Position;
            var entrySize = 20;
            if (count > 0)
            {
                // Entries are 20 bytes with a two-byte end of line; some writers use one byte.
                var entry = _bytes.Require(entries, 20);
                entrySize = entry.Length == 20 && PdfParser.IsWhite(entry[18]) && !PdfParser.IsWhite(entry[19]) ? 19 : 20;
            }

            subsections.Add(new Subsection(first, count, entries, entrySize));
            position = entries + (count * entrySize);
        }

        throw new PdfBrokenException("the cross-reference table does not end");
    }

    private static long? Prev(PdfDict trailer) => trailer["Prev"] is PdfInteger { Value: >= 0 } prev ? prev.Value : null;

    private sealed record ObjectStream(byte[] Data, bool Capped, long Count, long First);

    private readonly record struct Subsection(long First, long Count, long EntriesAt, int EntrySize);

    private abstract record XrefSection(PdfDict Trailer, long? Prev)
    {
        public abstract XrefEntry? Find(int number);
    }

    private sealed record ClassicSection(PdfDict Trailer, long? Prev, List<Subsection> Subsections, PdfBytes Bytes) : XrefSection(Trailer, Prev)
    {
        public override XrefEntry? Find(int number)
        {
            foreach (var sub in Subsections)
            {
                if (number < sub.First || number >= sub.First + sub.Count)
                {
                    continue;
                }

                // "oooooooooo ggggg n": read in place, wherever in the table it lies.
                var entry = Bytes.Require(sub.EntriesAt + ((number - sub.First) * sub.EntrySize), 18);
                if (entry.Length < 18 || !long.TryParse(entry[..10], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                    || !long.TryParse(entry[11..16], NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
                {
                    throw new PdfBrokenException("a cross-reference entry is malformed");
                }

                return entry[17] switch
                {
                    (byte)'n' => new XrefEntry(1, offset, generation),
                    (byte)'f' => new XrefEntry(0, offset, generation),
                    _ => throw new PdfBrokenException("a cross-reference entry is malformed"),
                };
            }

            return null;
        }
    }

    private sealed record StreamSection(PdfDict Trailer, long? Prev, byte[] Data, int[] Widths, List<(long Start, long Count)> Index)
        : XrefSection(Trailer, Prev)
    {
        public override XrefEntry? Find(int number)
        {
            var rowLength = Widths[0] + Widths[1] + Widths[2];
            long row = 0;
            foreach (var (start, count) in Index)
            {
                if (number >= start && number < start + count)
                {
                    var at = (row + number - start) * rowLength;
                    if (at < 0 || at > Data.Length - rowLength)
                    {
                        return null;
                    }

                    var type = Widths[0] == 0 ? 1 : Field((int)at, Widths[0]);
                    return new XrefEntry((int)Math.Min(type, 3), Field((int)at + Widths[0], Widths[1]), Field((int)at + Widths[0] + Widths[1], Widths[2]));
                }

                row += count;
            }

            return null;
        }

        private long Field(int at, int width)
        {
            long value = 0;
            for (var i = 0; i < width; i++)
            {
                value = (value << 8) | Data[at + i];
            }

            return value & long.MaxValue;
        }
    }
}

/// <summary>The end of the file has no <c>startxref</c>: it was cut short (or is not a finished PDF).</summary>
internal sealed class PdfTruncatedException() : Exception("the PDF is truncated: its end has no startxref");
