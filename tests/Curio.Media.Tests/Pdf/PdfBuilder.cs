using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Curio.Media.Tests.Pdf;

/// <summary>
/// Writes PDFs object by object: plain objects, streams, compressed object streams, padding, and cross-reference
/// sections (classic tables with 20- or 19-byte entries, or cross-reference streams) that cover the objects written
/// since the previous section, so that incremental updates are just more objects and another section.
/// </summary>
internal sealed class PdfBuilder
{
    private readonly List<byte> _file = [];
    private readonly SortedDictionary<int, (int Type, long Field2, long Field3)> _pending = [];
    private long? _lastXref;
    private bool _firstSection = true;

    public PdfBuilder(string version = "1.7")
    {
        Raw($"%PDF-{version}\n");
        _file.AddRange([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
    }

    public long Length => _file.Count;

    public long? LastXref => _lastXref;

    public PdfBuilder Object(int number, string body)
    {
        _pending[number] = (1, _file.Count, 0);
        Raw($"{number} 0 obj\n{body}\nendobj\n");
        return this;
    }

    /// <summary>A stream object; <paramref name="dict"/> is the dictionary's inside, without /Length.</summary>
    public PdfBuilder Stream(int number, string dict, byte[] data, string? length = null)
    {
        _pending[number] = (1, _file.Count, 0);
        Raw($"{number} 0 obj\n<< {dict} /Length {length ?? data.Length.ToString(CultureInfo.InvariantCulture)} >>\nstream\n");
        _file.AddRange(data);
        Raw("\nendstream\nendobj\n");
        return this;
    }

    /// <summary>An object stream (FlateDecode) holding <paramref name="objects"/>, listed as compressed in the next section.</summary>
    public PdfBuilder ObjectStream(int number, params (int Number, string Body)[] objects) =>
        ObjectStream(number, "/Filter /FlateDecode", Zlib, 0, objects);

    public PdfBuilder ObjectStream(int number, string filter, Func<byte[], byte[]> encode, int leadingBytes, params (int Number, string Body)[] objects) =>
        ObjectStream(number, filter, encode, leadingBytes, null, objects);

    /// <summary>As above, with the /Length written as <paramref name="length"/> (e.g. a reference) when given.</summary>
    public PdfBuilder ObjectStream(int number, string filter, Func<byte[], byte[]> encode, int leadingBytes, string? length, params (int Number, string Body)[] objects)
    {
        var offsets = new StringBuilder();
        var bodies = new StringBuilder(new string(' ', leadingBytes));
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Append(CultureInfo.InvariantCulture, $"{objects[i].Number} {bodies.Length} ");
            bodies.Append(objects[i].Body).Append('\n');
            _pending[objects[i].Number] = (2, number, i);
        }

        var header = offsets.ToString();
        var content = Encoding.ASCII.GetBytes(header + bodies);
        return Stream(number, $"/Type /ObjStm /N {objects.Length} /First {header.Length} {filter}", encode(content), length);
    }

    /// <summary>Bytes nobody refers to (a comment block), to push objects away from the head or the tail.</summary>
    public PdfBuilder Padding(int bytes)
    {
        var line = "%" + new string('p', 78) + "\n";
        for (var left = bytes; left > 0; left -= line.Length)
        {
            Raw(left >= line.Length ? line : "%" + new string('p', Math.Max(0, left - 2)) + "\n");
        }

        return this;
    }

    public PdfBuilder Raw(string text)
    {
        _file.AddRange(Encoding.Latin1.GetBytes(text));
        return this;
    }

    /// <summary>A classic table and trailer for the objects since the last section; <paramref name="trailer"/> is the dictionary's inside.</summary>
    public PdfBuilder ClassicXref(string trailer, bool nineteenByteEntries = false, long? prev = null, bool eof = true)
    {
        var offset = _file.Count;
        Raw("xref\n");
        var rows = Rows();
        foreach (var run in Runs(rows.Keys))
        {
            Raw($"{run.First} {run.Count}\n");
            for (var n = run.First; n < run.First + run.Count; n++)
            {
                var (type, field2, field3) = rows[n];
                var eol = nineteenByteEntries ? "\n" : "\r\n";
                Raw(type == 0 ? $"{field2:D10} {field3:D5} f{eol}" : $"{field2:D10} {field3:D5} n{eol}");
            }
        }

        var previous = prev ?? _lastXref;
        Raw($"trailer\n<< /Size {rows.Keys.Max() + 1} {trailer}{(previous is { } p ? $" /Prev {p}" : "")} >>\n");
        return End(offset, eof);
    }

    /// <summary>
    /// A cross-reference stream (object <paramref name="number"/>) for the objects since the last section; with
    /// <paramref name="endSection"/> false it is the /XRefStm of a hybrid file, and a classic table is to follow.
    /// </summary>
    public PdfBuilder XrefStream(int number, string trailer, bool pngPredictor = true, long? prev = null, bool eof = true, bool endSection = true)
    {
        var offset = _file.Count;
        _pending[number] = (1, offset, 0);
        var rows = Rows();
        var raw = new List<byte>();
        foreach (var (_, (type, field2, field3)) in rows)
        {
            if (pngPredictor)
            {
                raw.Add(0);
            }

            raw.Add((byte)type);
            raw.AddRange([(byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2]);
            raw.AddRange([(byte)(field3 >> 8), (byte)field3]);
        }

        var index = string.Join(' ', Runs(rows.Keys).Select(r => $"{r.First} {r.Count}"));
        var previous = prev ?? _lastXref;
        var parms = pngPredictor ? " /DecodeParms << /Columns 7 /Predictor 12 >>" : "";
        Raw($"{number} 0 obj\n<< /Type /XRef /Size {rows.Keys.Max() + 1} /W [1 4 2] /Index [{index}] /Filter /FlateDecode{parms} {trailer}"
            + $"{(previous is { } p ? $" /Prev {p}" : "")} /Length ");
        var data = Zlib([.. raw]);
        Raw($"{data.Length} >>\nstream\n");
        _file.AddRange(data);
        Raw("\nendstream\nendobj\n");
        if (endSection)
        {
            return End(offset, eof);
        }

        // A hybrid file's stream: the classic table that follows lists only the plain objects.
        foreach (var compressed in _pending.Where(p => p.Value.Type == 2).Select(p => p.Key).ToList())
        {
            _pending.Remove(compressed);
        }

        return this;
    }

    public byte[] ToArray() => [.. _file];

    public static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private PdfBuilder End(long xrefOffset, bool eof)
    {
        Raw($"startxref\n{xrefOffset}\n{(eof ? "%%EOF\n" : "")}");
        _lastXref = xrefOffset;
        _pending.Clear();
        return this;
    }

    private SortedDictionary<int, (int Type, long Field2, long Field3)> Rows()
    {
        var rows = new SortedDictionary<int, (int, long, long)>(_pending);
        if (_firstSection)
        {
            rows[0] = (0, 0, 65535);
            _firstSection = false;
        }

        return rows;
    }

    private static IEnumerable<(int First, int Count)> Runs(IEnumerable<int> numbers)
    {
        int? first = null, last = null;
        foreach (var n in numbers)
        {
            if (first is null)
            {
                (first, last) = (n, n);
            }
            else if (n == last + 1)
            {
                last = n;
            }
            else
            {
                yield return (first.Value, last!.Value - first.Value + 1);
                (first, last) = (n, n);
            }
        }

        if (first is not null)
        {
            yield return (first.Value, last!.Value - first.Value + 1);
        }
    }
}
