using System.Text;
using System.Text.Json;
using Curio.Media.Common;

namespace Curio.Media.Sniffing;

/// <summary>
/// UTF-8 (with or without BOM) and UTF-16 with BOM. Legacy 8-bit encodings are not recognised: without a charset
/// they cannot be told from binary reliably, and calling them text would hide a wrong upload.
/// </summary>
internal static class TextSniffer
{
    private const int ScanLimit = 64 * 1024;
    private const int MarkupChars = 4096;

    public static SniffResult? Sniff(ReadOnlySpan<byte> head, bool headIsWholeFile)
    {
        var cut = !headIsWholeFile || head.Length > ScanLimit;
        var scan = head[..Math.Min(head.Length, ScanLimit)];

        Encoding? utf16 = Bytes.At(scan, 0, [0xFF, 0xFE]) ? Encoding.Unicode
            : Bytes.At(scan, 0, [0xFE, 0xFF]) ? Encoding.BigEndianUnicode
            : null;
        var body = utf16 is not null ? scan[2..] : Bytes.At(scan, 0, [0xEF, 0xBB, 0xBF]) ? scan[3..] : scan;

        if (utf16 is not null)
        {
            if (body.Length % 2 != 0)
            {
                if (!cut)
                {
                    return null;
                }

                body = body[..^1];
            }

            if (!IsCleanUtf16(body, utf16 == Encoding.BigEndianUnicode, cut))
            {
                return null;
            }
        }
        else if (!IsCleanUtf8(body, cut))
        {
            return null;
        }

        var encoding = utf16 ?? Encoding.UTF8;
        var start = encoding.GetString(body[..Math.Min(body.Length, MarkupChars * (utf16 is null ? 1 : 2))]);
        var mime = TextFlavor.Classify(start) switch
        {
            TextFlavor.Kind.Svg => MimeTypes.Svg,
            TextFlavor.Kind.Html => MimeTypes.Html,
            TextFlavor.Kind.Xml => MimeTypes.Xml,
            TextFlavor.Kind.JsonCandidate => JsonMime(utf16 is null ? body : Encoding.UTF8.GetBytes(encoding.GetString(body)), cut),
            _ => MimeTypes.PlainText,
        };

        // UTF-8 is what every consumer assumes; UTF-16 is not, so it is spelled out.
        var charset = utf16 is null ? "" : utf16 == Encoding.Unicode ? "; charset=utf-16le" : "; charset=utf-16be";
        var category = mime == MimeTypes.Svg ? MediaCategory.Image : MediaCategory.Text;
        return new SniffResult(category, mime + charset);
    }

    private static bool IsCleanUtf8(ReadOnlySpan<byte> body, bool cut)
    {
        int chars = 0, controls = 0;
        for (var i = 0; i < body.Length;)
        {
            var b = body[i];
            if (b < 0x80)
            {
                if (b == 0)
                {
                    return false;
                }

                controls += IsControl(b) ? 1 : 0;
                chars++;
                i++;
                continue;
            }

            var status = Rune.DecodeFromUtf8(body[i..], out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                controls += IsControl(rune.Value) ? 1 : 0;
                chars++;
                i += consumed;
                continue;
            }

            // A character split by the end of the head is fine; one split by the end of the file is not.
            if (status == System.Buffers.OperationStatus.NeedMoreData && cut)
            {
                break;
            }

            return false;
        }

        return FewControls(chars, controls);
    }

    private static bool IsCleanUtf16(ReadOnlySpan<byte> body, bool bigEndian, bool cut)
    {
        int chars = 0, controls = 0;
        for (var i = 0; i < body.Length; i += 2)
        {
            var c = (char)Bytes.U16(body, i, littleEndian: !bigEndian);
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 2 >= body.Length)
                {
                    return cut && FewControls(chars, controls);
                }

                i += 2;
                if (!char.IsLowSurrogate((char)Bytes.U16(body, i, littleEndian: !bigEndian)))
                {
                    return false;
                }
            }

            controls += IsControl(c) ? 1 : 0;
            chars++;
        }

        return FewControls(chars, controls);
    }

    // Tab, LF, FF and CR are everyday text; anything else in C0/C1 counts against it.
    private static bool IsControl(int c) => c is (< 0x20 and not ('\t' or '\n' or '\f' or '\r')) or (>= 0x7F and <= 0x9F);

    private static bool FewControls(int chars, int controls) => controls * 100L <= chars;

    private static string JsonMime(ReadOnlySpan<byte> utf8, bool cut)
    {
        var options = new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 256 };
        var reader = new Utf8JsonReader(utf8, isFinalBlock: !cut, new JsonReaderState(options));
        var values = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    values++;
                }
            }
        }
        catch (JsonException)
        {
            return MimeTypes.PlainText;
        }

        // Several top-level values, one per line, is JSON Lines, the usual shape of ML manifests.
        return values > 1 ? MimeTypes.NdJson : MimeTypes.Json;
    }
}
