using System.Buffers;
using System.Text;
using Curio.Media.Common;

namespace Curio.Media.Text;

/// <summary>
/// Size, MIME type and encoding of a text file, judged from its first <see cref="ScanBytes"/> bytes. The MIME type
/// comes from the file name (content is not guessed: a CSV and a log look alike); the encoding from a byte order
/// mark, else from whether the bytes are valid UTF-8, else an 8-bit guess. Binary data (NUL bytes outside UTF-16/32,
/// or more than 1 % control characters) is <see cref="HeaderStatus.Invalid"/>: "not a text file".
/// </summary>
public static class TextInfoReader
{
    public const int ScanBytes = 64 * 1024;

    public const string PlainText = "text/plain";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = PlainText,
        [".text"] = PlainText,
        [".log"] = PlainText,
        [".md"] = "text/markdown",
        [".markdown"] = "text/markdown",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".csv"] = "text/csv",
        [".tsv"] = "text/tab-separated-values",
        [".json"] = "application/json",
        [".jsonl"] = "application/x-ndjson",
        [".ndjson"] = "application/x-ndjson",
        [".xml"] = "application/xml",
        [".yaml"] = "application/yaml",
        [".yml"] = "application/yaml",
    };

    // The bytes windows-1252 leaves undefined; in ISO-8859-1 they are C1 controls. Either way, not text.
    private static readonly SearchValues<byte> Undefined1252 = SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

    /// <param name="head">The start of the file; the first 64 KiB (or all of a smaller file) are judged.</param>
    /// <param name="totalSize">The object's size; a negative value means unknown, and the head is then judged as given.</param>
    /// <param name="fileName">A file name, path or URL whose extension gives the MIME type (<c>notes.md</c> → <c>text/markdown</c>).</param>
    public static HeaderResult<TextInfo> Read(ReadOnlySpan<byte> head, long totalSize, string? fileName = null)
    {
        if (totalSize == 0 || (totalSize < 0 && head.IsEmpty))
        {
            return HeaderResult<TextInfo>.Invalid("the file is empty");
        }

        // The verdict must not depend on how much the caller happened to read, so it always rests on the same bytes.
        var wanted = totalSize > 0 ? (int)Math.Min(totalSize, ScanBytes) : 0;
        if (head.Length < wanted)
        {
            return HeaderResult<TextInfo>.NeedHead(wanted);
        }

        var scan = head[..Math.Min(head.Length, ScanBytes)];
        var cut = totalSize < 0 || scan.Length < totalSize;
        var (encoding, bom, failure) = Detect(scan, cut);
        return failure is not null
            ? HeaderResult<TextInfo>.Invalid(failure)
            : HeaderResult<TextInfo>.Ok(new TextInfo
            {
                Size = totalSize >= 0 ? totalSize : null,
                MimeType = MimeTypeFor(fileName),
                Encoding = encoding,
                HasByteOrderMark = bom,
            });
    }

    /// <summary>The MIME type a file name's extension gives a text file; <c>text/plain</c> when it gives none.</summary>
    public static string MimeTypeFor(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return PlainText;
        }

        var name = fileName.AsSpan();
        var query = name.IndexOfAny('?', '#');
        name = query >= 0 ? name[..query] : name;
        name = name[(name.LastIndexOfAny('/', '\\') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot >= 0 && ByExtension.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name[dot..], out var mime) ? mime : PlainText;
    }

    private static (string Encoding, bool Bom, string? Failure) Detect(ReadOnlySpan<byte> scan, bool cut)
    {
        if (Bytes.At(scan, 0, [0xFF, 0xFE, 0, 0]))
        {
            return Wide(scan[4..], cut, unitSize: 4, bigEndian: false, "utf-32le");
        }

        if (Bytes.At(scan, 0, [0, 0, 0xFE, 0xFF]))
        {
            return Wide(scan[4..], cut, unitSize: 4, bigEndian: true, "utf-32be");
        }

        if (Bytes.At(scan, 0, [0xFF, 0xFE]))
        {
            return Wide(scan[2..], cut, unitSize: 2, bigEndian: false, "utf-16le");
        }

        if (Bytes.At(scan, 0, [0xFE, 0xFF]))
        {
            return Wide(scan[2..], cut, unitSize: 2, bigEndian: true, "utf-16be");
        }

        var bom = Bytes.At(scan, 0, [0xEF, 0xBB, 0xBF]);
        var body = bom ? scan[3..] : scan;
        if (body.Contains((byte)0))
        {
            return ("", bom, "not a text file: it contains NUL bytes");
        }

        switch (Utf8(body, cut))
        {
            case Utf8Verdict.Ascii:
                return (bom ? "utf-8" : "us-ascii", bom, null);
            case Utf8Verdict.Utf8:
                return ("utf-8", bom, null);
            case Utf8Verdict.TooManyControls:
                return ("", bom, "not a text file: too many control characters");
        }

        if (bom)
        {
            return ("", bom, "not a text file: the bytes after its UTF-8 byte order mark are not UTF-8");
        }

        if (body.ContainsAny(Undefined1252))
        {
            return ("", false, "not a text file: neither UTF-8 nor an 8-bit text encoding");
        }

        var controls = 0;
        foreach (var b in body)
        {
            controls += b < 0x80 && IsControl(b) ? 1 : 0;
        }

        if (!FewControls(body.Length, controls))
        {
            return ("", false, "not a text file: too many control characters");
        }

        // 0x80-0x9F are printable in windows-1252 (€, quotes, dashes) and controls in ISO-8859-1.
        return (body.ContainsAnyInRange((byte)0x80, (byte)0x9F) ? "windows-1252" : "iso-8859-1", false, null);
    }

    private enum Utf8Verdict
    {
        Ascii,
        Utf8,
        Invalid,
        TooManyControls,
    }

    private static Utf8Verdict Utf8(ReadOnlySpan<byte> body, bool cut)
    {
        int chars = 0, controls = 0;
        var ascii = true;
        for (var i = 0; i < body.Length;)
        {
            if (body[i] < 0x80)
            {
                controls += IsControl(body[i]) ? 1 : 0;
                chars++;
                i++;
                continue;
            }

            ascii = false;
            var status = Rune.DecodeFromUtf8(body[i..], out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                controls += IsControl(rune.Value) ? 1 : 0;
                chars++;
                i += consumed;
                continue;
            }

            // A character split by the end of the head is fine; one split by the end of the file is not.
            if (status == OperationStatus.NeedMoreData && cut)
            {
                break;
            }

            return Utf8Verdict.Invalid;
        }

        return !FewControls(chars, controls) ? Utf8Verdict.TooManyControls : ascii ? Utf8Verdict.Ascii : Utf8Verdict.Utf8;
    }

    private static (string, bool, string?) Wide(ReadOnlySpan<byte> body, bool cut, int unitSize, bool bigEndian, string name)
    {
        var whole = body.Length - (body.Length % unitSize);
        if (whole != body.Length && !cut)
        {
            return ("", true, $"not a text file: the {name} text ends in the middle of a character");
        }

        int chars = 0, controls = 0;
        for (var i = 0; i < whole; i += unitSize)
        {
            int value;
            if (unitSize == 4)
            {
                var unit = Bytes.U32(body, i, littleEndian: !bigEndian);
                if (unit > 0x10FFFF || (unit is >= 0xD800 and <= 0xDFFF))
                {
                    return ("", true, $"not a text file: invalid {name}");
                }

                value = (int)unit;
            }
            else
            {
                var c = (char)Bytes.U16(body, i, littleEndian: !bigEndian);
                if (char.IsLowSurrogate(c))
                {
                    return ("", true, $"not a text file: invalid {name}");
                }

                if (char.IsHighSurrogate(c))
                {
                    if (i + 2 >= whole)
                    {
                        if (cut)
                        {
                            break;
                        }

                        return ("", true, $"not a text file: invalid {name}");
                    }

                    i += 2;
                    if (!char.IsLowSurrogate((char)Bytes.U16(body, i, littleEndian: !bigEndian)))
                    {
                        return ("", true, $"not a text file: invalid {name}");
                    }
                }

                value = c;
            }

            if (value == 0)
            {
                return ("", true, "not a text file: it contains NUL characters");
            }

            controls += IsControl(value) ? 1 : 0;
            chars++;
        }

        return FewControls(chars, controls) ? (name, true, null) : ("", true, "not a text file: too many control characters");
    }

    // Tab, LF, FF, CR and ESC (colour codes in logs) are everyday text; other C0 characters, DEL and C1 count against it.
    private static bool IsControl(int c) => c is (< 0x20 and not ('\t' or '\n' or '\f' or '\r' or 0x1B)) or (>= 0x7F and <= 0x9F);

    private static bool FewControls(int chars, int controls) => controls * 100L <= chars;
}
