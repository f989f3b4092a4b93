using System.Text;
using Curio.Media.Pdf;
using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests.Pdf;

public sealed class PdfInfoReaderTests
{
    private const int Head = 64 * 1024;

    [Fact]
    public void The_sample_hello_pdf_has_one_page()
    {
        var pdf = Repo.Sample("pdf", "hello.pdf");

        var (result, requests) = ReadLikeACaller(pdf);

        Assert.Equal(0, requests);
        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(new PdfInfo
        {
            Size = 586,
            Version = "1.4",
            PageCount = 1,
            PageCountSource = PdfPageCountSource.PageTree,
            IsLinearized = false,
            IsEncrypted = false,
        }, result.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_classic_table_leads_to_the_page_tree(bool nineteenByteEntries)
    {
        var pdf = Pages(new PdfBuilder(), 3).ClassicXref("/Root 1 0 R", nineteenByteEntries).ToArray();

        Assert.Equal(3, Count(pdf));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cross_reference_stream_leads_to_the_page_tree(bool pngPredictor)
    {
        var pdf = Pages(new PdfBuilder("1.5"), 4).XrefStream(20, "/Root 1 0 R", pngPredictor).ToArray();

        Assert.Equal(4, Count(pdf));
    }

    [Fact]
    public void Pages_inside_a_compressed_object_stream_are_read()
    {
        var pdf = new PdfBuilder("1.5")
            .ObjectStream(10, (1, "<< /Type /Catalog /Pages 2 0 R >>"), (2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"),
                (3, "<< /Type /Page /Parent 2 0 R >>"), (4, "<< /Type /Page /Parent 2 0 R >>"))
            .XrefStream(11, "/Root 1 0 R").ToArray();

        Assert.Equal(2, Count(pdf));
    }

    [Fact]
    public void A_count_given_by_reference_is_followed()
    {
        var pdf = new PdfBuilder().Object(1, "<< /Type /Catalog /Pages 2 0 R >>").Object(2, "<< /Type /Pages /Kids [] /Count 5 0 R >>")
            .Object(5, "12").ClassicXref("/Root 1 0 R").ToArray();

        Assert.Equal(12, Count(pdf));
    }

    [Fact]
    public void A_hybrid_file_finds_compressed_objects_through_its_xrefstm()
    {
        var builder = new PdfBuilder("1.5").Object(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .ObjectStream(10, (2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"), (3, "<< /Type /Page /Parent 2 0 R >>"));

        // The stream lists the compressed objects; the classic table (for old readers) lists the plain ones.
        var streamOffset = builder.Length;
        builder.XrefStream(11, "", endSection: false);
        var pdf = builder.Object(1, "<< /Type /Catalog /Pages 2 0 R >>").ClassicXref($"/Root 1 0 R /XRefStm {streamOffset}").ToArray();

        Assert.Equal(1, Count(pdf));
    }

    [Fact]
    public void An_incremental_update_wins_over_the_original()
    {
        var builder = Pages(new PdfBuilder(), 2).ClassicXref("/Root 1 0 R");
        var pdf = builder.Object(2, "<< /Type /Pages /Kids [3 0 R 4 0 R 7 0 R] /Count 3 >>").Object(7, "<< /Type /Page /Parent 2 0 R >>")
            .ClassicXref("/Root 1 0 R").ToArray();

        Assert.Equal(3, Count(pdf));
    }

    [Fact]
    public void An_update_with_a_cross_reference_stream_falls_back_to_older_sections_for_unchanged_objects()
    {
        var builder = Pages(new PdfBuilder("1.5"), 2).XrefStream(20, "/Root 1 0 R");
        var pdf = builder.Object(1, "<< /Type /Catalog /Pages 2 0 R /Version /1.7 >>").XrefStream(21, "/Root 1 0 R").ToArray();

        var info = Read(pdf).Value!;

        Assert.Equal((2, "1.7"), (info.PageCount, info.Version));
    }

    [Fact]
    public void A_linearized_file_answers_from_its_head_alone()
    {
        var pdf = Linearized(pages: 4, declaredPages: 4);

        Assert.True(pdf.Length > 1024);
        var result = PdfInfoReader.Read(pdf.AsMemory(0, 1024), ReadOnlyMemory<byte>.Empty, pdf.Length);

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal((4, PdfPageCountSource.Linearization, true), (result.Value.PageCount, result.Value.PageCountSource, result.Value.IsLinearized));
    }

    [Fact]
    public void A_linearized_file_updated_afterwards_is_read_through_its_page_tree()
    {
        var linearized = Linearized(pages: 2, declaredPages: 2);
        var updated = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(linearized) + "% an incremental update would follow\n");

        var info = ReadLikeACaller(updated).Result.Value!;

        Assert.Equal((2, PdfPageCountSource.PageTree, false), (info.PageCount, info.PageCountSource, info.IsLinearized));
    }

    [Fact]
    public void Objects_in_the_middle_of_a_large_file_are_asked_for_by_range()
    {
        var pdf = Pages(new PdfBuilder().Padding(300_000), 5).Padding(300_000).ClassicXref("/Root 1 0 R").ToArray();

        var (result, requests) = ReadLikeACaller(pdf);

        Assert.Equal(5, result.Value!.PageCount);
        Assert.Equal(1, requests);
    }

    [Fact]
    public void A_large_classic_table_is_read_where_its_entries_lie()
    {
        // 30,000 objects: a 600 KB table, most of it never read.
        var builder = Pages(new PdfBuilder(), 2);
        for (var n = 100; n < 30_000; n++)
        {
            builder.Object(n, "null");
        }

        var pdf = builder.ClassicXref("/Root 1 0 R").ToArray();

        var (result, requests) = ReadLikeACaller(pdf);

        Assert.Equal(2, result.Value!.PageCount);
        Assert.InRange(requests, 1, 4);
    }

    [Fact]
    public void An_encrypted_file_is_counted_from_plain_objects()
    {
        var pdf = Pages(new PdfBuilder(), 2).Object(9, "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>")
            .ClassicXref("/Root 1 0 R /Encrypt 9 0 R").ToArray();

        var info = Read(pdf).Value!;

        Assert.Equal((2, true), (info.PageCount, info.IsEncrypted));
    }

    [Fact]
    public void An_encrypted_file_with_its_page_tree_in_an_object_stream_has_an_unknown_count()
    {
        var pdf = new PdfBuilder("1.5").Object(9, "<< /Filter /Standard /V 4 /R 4 /O <00> /U <00> /P -4 >>")
            .ObjectStream(10, (1, "<< /Type /Catalog /Pages 2 0 R >>"), (2, "<< /Type /Pages /Kids [] /Count 2 >>"))
            .XrefStream(11, "/Root 1 0 R /Encrypt 9 0 R").ToArray();

        var info = Read(pdf).Value!;

        Assert.Null(info.PageCount);
        Assert.Equal(PdfPageCountSource.Unknown, info.PageCountSource);
        Assert.Equal("page count unknown: the page tree is in a compressed object stream of an encrypted PDF", info.PageCountNote);
    }

    [Fact]
    public void An_object_stream_with_an_unsupported_filter_has_an_unknown_count()
    {
        var pdf = new PdfBuilder("1.5")
            .ObjectStream(10, "/Filter /LZWDecode", data => data, 0, (1, "<< /Type /Catalog /Pages 2 0 R >>"), (2, "<< /Type /Pages /Count 2 >>"))
            .XrefStream(11, "/Root 1 0 R").ToArray();

        Assert.Equal("page count unknown: a stream the page count needs uses the LZWDecode filter", Read(pdf).Value!.PageCountNote);
    }

    [Fact]
    public void An_object_stream_bomb_costs_at_most_its_cap()
    {
        // 16 MB of spaces before the objects inflate from about 16 KB; only 1 MiB of them is ever inflated.
        var pdf = new PdfBuilder("1.5")
            .ObjectStream(10, "/Filter /FlateDecode", PdfBuilder.Zlib, 16_000_000, (1, "<< /Type /Catalog /Pages 2 0 R >>"), (2, "<< /Type /Pages /Count 2 >>"))
            .XrefStream(11, "/Root 1 0 R").ToArray();

        var result = HeaderAssert.AllocatesLittle(() => Read(pdf), 8 * 1024 * 1024);

        Assert.Equal("page count unknown: the page tree is deeper than 1 MiB into a compressed object stream", result.Value!.PageCountNote);
    }

    [Fact]
    public void Broken_cross_reference_offsets_in_a_small_file_fall_back_to_counting_page_objects()
    {
        var pdf = Pages(new PdfBuilder(), 3).Raw("xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 9 /Root 1 0 R >>\nstartxref\n99999\n%%EOF\n").ToArray();

        var info = Read(pdf).Value!;

        Assert.Equal((3, PdfPageCountSource.ObjectScan), (info.PageCount, info.PageCountSource));
        Assert.Equal("counted page objects: startxref points outside the file", info.PageCountNote);
    }

    [Fact]
    public void A_small_broken_file_read_in_part_is_read_whole_before_counting()
    {
        var pdf = Pages(new PdfBuilder().Padding(200_000), 3).Padding(200_000)
            .Raw("trailer\n<< /Root 1 0 R >>\nstartxref\n12\n%%EOF\n").ToArray();

        var (result, requests) = ReadLikeACaller(pdf);

        Assert.Equal((3, PdfPageCountSource.ObjectScan), (result.Value!.PageCount, result.Value.PageCountSource));
        Assert.Equal(1, requests);
    }

    [Fact]
    public void A_large_broken_file_has_an_unknown_count()
    {
        var pdf = Pages(new PdfBuilder().Padding(PdfInfoReader.MaxScanBytes), 3).Raw("startxref\n12\n%%EOF\n").ToArray();

        var (result, _) = ReadLikeACaller(pdf);

        Assert.Equal("page count unknown: a cross-reference offset does not point at a cross-reference section", result.Value!.PageCountNote);
    }

    [Fact]
    public void A_truncated_file_is_invalid()
    {
        var whole = Pages(new PdfBuilder(), 3).ClassicXref("/Root 1 0 R").ToArray();
        var cut = whole[..(whole.Length / 2)];

        var result = Read(cut);

        Assert.Equal(HeaderStatus.Invalid, result.Status);
        Assert.Equal("the PDF is truncated: its end has no startxref", result.Reason);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("hello, world", "not a PDF: there is no %PDF- header")]
    [InlineData("%PDF-x\n%%EOF\n", "not a PDF: the %PDF- header has no version")]
    [InlineData("%PDF-1.4\n%%EOF\n", "the PDF is truncated: its end has no startxref")]
    [InlineData("%PDF-1.4\nstartxref\n9\n%%EOF\n", "the PDF has no readable page tree (a cross-reference offset does not point at a cross-reference section) and no page objects")]
    public void Hopeless_files_are_invalid(string content, string reason)
    {
        var result = Read(Encoding.ASCII.GetBytes(content));

        Assert.Equal(HeaderStatus.Invalid, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Theory]
    [InlineData("2147483647", "the PDF declares 2147483647 pages, more than a file of")]
    [InlineData("9999999999999", "the PDF declares 9999999999999 pages, more than a file of")]
    [InlineData("-1", "the PDF declares -1 pages")]
    public void Absurd_page_counts_are_not_believed(string count, string reason)
    {
        var pdf = new PdfBuilder().Object(1, "<< /Type /Catalog /Pages 2 0 R >>").Object(2, $"<< /Type /Pages /Kids [] /Count {count} >>")
            .ClassicXref("/Root 1 0 R").ToArray();

        var result = Read(pdf);

        Assert.Equal(HeaderStatus.Invalid, result.Status);
        Assert.StartsWith(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_cycle_ends_and_falls_back_to_counting()
    {
        var pdf = new PdfBuilder().Object(1, "<< /Type /Catalog /Pages 2 0 R >>").Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 5 0 R >>")
            .Object(3, "<< /Type /Page /Parent 2 0 R >>").Object(5, "6 0 R").Object(6, "5 0 R").ClassicXref("/Root 1 0 R").ToArray();

        var info = Read(pdf).Value!;

        Assert.Equal((1, PdfPageCountSource.ObjectScan), (info.PageCount, info.PageCountSource));
        Assert.Equal("counted page objects: a chain of references does not end", info.PageCountNote);
    }

    [Fact]
    public void An_object_stream_whose_length_lies_inside_itself_ends()
    {
        var pdf = new PdfBuilder("1.5").Object(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .ObjectStream(10, "/Filter /FlateDecode", PdfBuilder.Zlib, 0, "12 0 R", (2, "<< /Type /Pages /Count 3 >>"), (12, "40"))
            .XrefStream(11, "/Root 1 0 R").ToArray();

        var result = Read(pdf);

        Assert.Equal("the PDF has no readable page tree (object 12 refers to itself) and no page objects", result.Reason);
    }

    [Fact]
    public void A_prev_chain_that_loops_ends()
    {
        // The original's /Prev, fixed-width, is patched to point at the update, whose /Prev points at the original.
        var builder = Pages(new PdfBuilder(), 2).ClassicXref("/Root 1 0 R", prev: 9_999_999_999);
        builder.Object(2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 8 0 R >>").ClassicXref("/Root 1 0 R");
        var text = Encoding.Latin1.GetString(builder.ToArray()).Replace("/Prev 9999999999", $"/Prev {builder.LastXref:D10}", StringComparison.Ordinal);

        // Object 8 is nowhere, so the lookup walks the whole chain, once.
        var info = Read(Encoding.Latin1.GetBytes(text)).Value!;

        Assert.Equal((2, PdfPageCountSource.ObjectScan), (info.PageCount, info.PageCountSource));
        Assert.Equal("counted page objects: the page tree root has no /Count", info.PageCountNote);
    }

    [Fact]
    public void A_pdf_after_a_kilobyte_of_junk_is_read()
    {
        var pdf = Pages(new PdfBuilder(), 2).ClassicXref("/Root 1 0 R").ToArray();

        // Offsets then count from the file's start, not the header's, so the table is off by 500 bytes: the objects are counted.
        var info = Read([.. new byte[500], .. pdf]).Value!;

        Assert.Equal(("1.7", 2, PdfPageCountSource.ObjectScan), (info.Version, info.PageCount, info.PageCountSource));
    }

    [Fact]
    public void Every_prefix_of_a_pdf_as_a_whole_file_keeps_the_protocol()
    {
        var pdfs = new[]
        {
            Pages(new PdfBuilder(), 2).ClassicXref("/Root 1 0 R").ToArray(),
            new PdfBuilder("1.5").ObjectStream(10, (1, "<< /Type /Catalog /Pages 2 0 R >>"), (2, "<< /Type /Pages /Count 2 >>"))
                .XrefStream(11, "/Root 1 0 R").ToArray(),
            Linearized(2, 2),
        };
        foreach (var pdf in pdfs)
        {
            for (var length = 0; length <= pdf.Length; length++)
            {
                var prefix = pdf.AsMemory(0, length);
                KeepsProtocol(PdfInfoReader.Read(prefix, ReadOnlyMemory<byte>.Empty, length), [new(0, prefix)], length);
                KeepsProtocol(PdfInfoReader.Read(prefix, ReadOnlyMemory<byte>.Empty, pdf.Length), [new(0, prefix)], pdf.Length);
            }
        }
    }

    [Fact]
    public void Mutated_pdfs_keep_the_protocol()
    {
        var random = new Random(1234);
        var originals = new[]
        {
            Pages(new PdfBuilder(), 3).ClassicXref("/Root 1 0 R").ToArray(),
            Pages(new PdfBuilder("1.5"), 2).XrefStream(20, "/Root 1 0 R").ToArray(),
            new PdfBuilder("1.5").ObjectStream(10, (1, "<< /Type /Catalog /Pages 2 0 R >>"), (2, "<< /Type /Pages /Count 2 >>"))
                .XrefStream(11, "/Root 1 0 R").ToArray(),
            Linearized(3, 3),
        };
        for (var i = 0; i < 3000; i++)
        {
            var pdf = (byte[])originals[i % originals.Length].Clone();
            for (var f = random.Next(1, 6); f > 0; f--)
            {
                var at = random.Next(2) == 0 ? random.Next(pdf.Length) : pdf.Length - 1 - random.Next(Math.Min(pdf.Length, 200));
                pdf[at] = random.Next(3) == 0 ? (byte)"0123456789 /<>[]()R"[random.Next(19)] : (byte)random.Next(256);
            }

            ReadLikeACaller(pdf, head: random.Next(1, 400), tail: random.Next(0, 400));
        }
    }

    private static PdfBuilder Pages(PdfBuilder builder, int count)
    {
        var kids = string.Join(' ', Enumerable.Range(3, count).Select(n => $"{n} 0 R"));
        builder.Object(1, "<< /Type /Catalog /Pages 2 0 R >>").Object(2, $"<< /Type /Pages /Kids [{kids}] /Count {count} >>");
        for (var n = 3; n < 3 + count; n++)
        {
            builder.Object(n, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");
        }

        return builder;
    }

    // A linearization dictionary first, its /L patched to the final length (fixed-width, so patching moves nothing).
    private static byte[] Linearized(int pages, int declaredPages)
    {
        var builder = new PdfBuilder().Object(50, $"<< /Linearized 1 /L 0000000000 /H [0 0] /O 3 /E 0 /N {declaredPages} /T 0 >>").Padding(1024);
        var pdf = Pages(builder, pages).ClassicXref("/Root 1 0 R").ToArray();
        var text = Encoding.Latin1.GetString(pdf).Replace("/L 0000000000", $"/L {pdf.Length:D10}", StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text);
    }

    private static HeaderResult<PdfInfo> Read(byte[] pdf) => PdfInfoReader.Read(pdf, ReadOnlyMemory<byte>.Empty, pdf.Length);

    private static int? Count(byte[] pdf)
    {
        var result = Read(pdf);
        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(PdfPageCountSource.PageTree, result.Value.PageCountSource);
        return result.Value.PageCount;
    }

    /// <summary>Reads the head and the tail, then every range the reader asks for, as the import pipeline does.</summary>
    private static (HeaderResult<PdfInfo> Result, int Requests) ReadLikeACaller(byte[] pdf, int head = Head, int tail = PdfInfoReader.TailBytes)
    {
        head = Math.Min(head, pdf.Length);
        tail = Math.Min(tail, pdf.Length);
        var ranges = new List<ByteRange> { new(0, pdf.AsMemory(0, head)), new(pdf.Length - tail, pdf.AsMemory(pdf.Length - tail)) };
        for (var requests = 0; ; requests++)
        {
            var result = PdfInfoReader.Read(ranges, pdf.Length);
            KeepsProtocol(result, ranges, pdf.Length);
            if (result.Status != HeaderStatus.NeedMoreBytes)
            {
                return (result, requests);
            }

            Assert.True(requests < PdfInfoReader.MaxRanges, "the reader kept asking");
            ranges.Add(new(result.RangeStart, pdf.AsMemory((int)result.RangeStart, result.BytesNeeded)));
        }
    }

    private static void KeepsProtocol(HeaderResult<PdfInfo> result, List<ByteRange> ranges, long totalSize)
    {
        var kept = result.Status switch
        {
            HeaderStatus.Ok => result.Value is { } info && (info.PageCount is null) == (info.PageCountSource == PdfPageCountSource.Unknown)
                && (info.PageCount is not null || info.PageCountNote is not null),
            HeaderStatus.NeedMoreBytes => result.RangeStart >= 0 && result.BytesNeeded > 0 && result.BytesNeeded <= 4 * 1024 * 1024
                && result.RangeStart + result.BytesNeeded <= totalSize
                && !ranges.Any(r => r.Offset <= result.RangeStart && result.RangeStart < r.End),
            _ => result.Value is null && !string.IsNullOrWhiteSpace(result.Reason),
        };

        if (!kept)
        {
            Assert.Fail($"{result} breaks the protocol for {totalSize} bytes");
        }
    }
}
