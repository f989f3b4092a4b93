using System.Diagnostics;
using Curio.Media.Dicom;
using Curio.Media.Tests.Fixtures;
using static Curio.Media.Tests.Dicom.DicomFixtures;

namespace Curio.Media.Tests.Dicom;

/// <summary>Empty, foreign, truncated, lying and hostile files: each fails cleanly and quickly, with small allocations.</summary>
public sealed class DicomHostileInputTests
{
    private const long TenGigabytes = 10L * 1024 * 1024 * 1024;

    public static TheoryData<string> Fixtures => [.. FixtureFiles.Keys];

    private static Dictionary<string, byte[]> FixtureFiles { get; } = new()
    {
        ["ct-explicit"] = DicomWriter.Part10(CtSlice(1)),
        ["ct-implicit"] = DicomWriter.Part10(CtSlice(1), DicomWriter.ImplicitLittle),
        ["ct-big-endian"] = DicomWriter.Part10(CtSlice(1), DicomWriter.ExplicitBig),
        ["enhanced-undefined"] = DicomWriter.Part10(EnhancedCt(3, undefinedLengths: true)),
        ["enhanced-implicit"] = DicomWriter.Part10(EnhancedCt(3), DicomWriter.ImplicitLittle),
        ["bare-implicit"] = DicomWriter.Dataset(CtSlice(1), DicomEncoding.ImplicitLittle),
    };

    [Fact]
    public void A_zero_byte_file_is_invalid()
    {
        var result = DicomHeaderReader.Read([], 0);

        Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
        Assert.Equal("the file is empty (0 bytes)", result.Reason);
        Assert.Equal(DicomHeaderStatus.NeedMoreBytes, DicomHeaderReader.Read([], -1).Status);
    }

    [Fact]
    public void Other_files_are_not_dicom()
    {
        var png = ImageFixtures.Png(4, 4);
        var text = "Patient,Study\n1,2\n"u8.ToArray();
        var zeros = new byte[4096];

        foreach (var bytes in new[] { png, text, zeros })
        {
            var result = DicomHeaderReader.Read(bytes, bytes.Length);
            Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
            Assert.StartsWith("not a DICOM file", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_dicm_marker_followed_by_garbage_is_invalid()
    {
        var random = new Random(132);
        for (var i = 0; i < 200; i++)
        {
            var garbage = new byte[random.Next(1, 3000)];
            random.NextBytes(garbage);
            var bytes = new ByteWriter().Zeros(128).Ascii("DICM").Bytes(garbage).ToArray();

            var result = DicomHeaderReader.Read(bytes, bytes.Length);

            Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
        }

        var metaThenGarbage = new ByteWriter().Zeros(128).Ascii("DICM").Bytes(DicomWriter.Meta(CtSlice(1), DicomWriter.ExplicitLittle))
            .Ascii("\u0008\u0000\u0016\u0000??garbage that is not an element").ToArray();
        var broken = DicomHeaderReader.Read(metaThenGarbage, metaThenGarbage.Length);
        Assert.Equal(DicomHeaderStatus.Invalid, broken.Status);
        Assert.Contains("value representation", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_past_the_end_of_the_file_is_invalid()
    {
        var bytes = DicomWriter.Part10(CtSlice(1).With(new Lie(0x00091010, "OB", 0xFFFFFFF0, new byte[64])));

        var result = Timed(() => DicomHeaderReader.Read(bytes, bytes.Length));

        Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
        Assert.Equal($"the DICOM file is truncated or corrupt: element (0009,1010) declares 4294967280 bytes, which runs past the end of the file ({bytes.Length} bytes)", result.Reason);
    }

    [Fact]
    public void A_huge_length_in_a_file_of_unknown_size_stops_at_the_cap()
    {
        // Before the image attributes: the header cannot be read.
        var early = DicomWriter.Part10(CtSlice(1).With(new Lie(0x00091010, "OB", 0xFFFFFFF0, new byte[64])));
        var result = Timed(() => DicomHeaderReader.Read(early, -1));
        Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
        Assert.Equal("the DICOM header does not end within the first 4 MiB", result.Reason);

        // After them: what was read is kept, and the header says it is partial.
        var late = DicomWriter.Part10(CtSlice(1).With(new Lie(0x00431010, "OB", 0xFFFFFFF0, new byte[64])));
        var partial = Timed(() => DicomHeaderReader.Read(late, -1));
        Assert.True(partial.IsOk, partial.Reason);
        Assert.True(partial.Header!.IsPartial);
        Assert.Equal(4, partial.Header.Rows);
        Assert.Null(partial.Header.PixelDataOffset);
    }

    [Fact]
    public void A_ten_gigabyte_file_is_asked_for_its_header_only()
    {
        var bytes = DicomWriter.Part10(CtSlice(1).With(new Lie(DicomTags.PixelData, "OW", 0xFFFFFFF0, [])));

        var first = DicomHeaderReader.Read(bytes.AsSpan(0, 200), TenGigabytes);
        Assert.Equal(DicomHeaderStatus.NeedMoreBytes, first.Status);
        Assert.Equal(65_536, first.BytesNeeded);

        var whole = DicomHeaderReader.Read(bytes, TenGigabytes);
        Assert.True(whole.IsOk, whole.Reason);
        Assert.Equal(0xFFFFFFF0L, whole.Header!.PixelDataLength);

        // A 10 GB file whose header never ends: the reader gives up at the cap instead of asking for more.
        var endless = new ByteWriter().Zeros(128).Ascii("DICM").Bytes(DicomWriter.Meta(CtSlice(1), DicomWriter.ExplicitLittle))
            .Bytes(DicomWriter.Dataset([new Str(DicomTags.SopClassUid, "UI", CtImageStorage)], DicomEncoding.ExplicitLittle));
        while (endless.Length < DicomHeaderReader.MaxHeaderBytes)
        {
            endless.Bytes(DicomWriter.Dataset([new Bin(0x00091010, "OB", new byte[60_000])], DicomEncoding.ExplicitLittle));
        }

        var capped = endless.ToArray().AsSpan(0, DicomHeaderReader.MaxHeaderBytes).ToArray();
        var result = Timed(() => DicomHeaderReader.Read(capped, TenGigabytes));
        Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
        Assert.StartsWith("the DICOM header does not end within the first 4 MiB", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_sequence_nesting_is_invalid()
    {
        Node Nest(int depth, bool undefined, uint tag) =>
            depth == 0 ? new Str(0x00081150, "UI", "1.2.3") : new Seq(tag, [new Item([Nest(depth - 1, undefined, tag)], undefined)], undefined);

        // Skipped sequences of undefined length must be walked, and wanted ones are read: both are limited.
        foreach (var (tag, undefined) in new[] { (0x00081140u, true), (DicomTags.SharedFunctionalGroupsSequence, false), (DicomTags.SharedFunctionalGroupsSequence, true) })
        {
            var deep = DicomWriter.Part10(CtSlice(1).With(Nest(1_000, undefined, tag)));
            var result = Timed(() => DicomHeaderReader.Read(deep, deep.Length));
            Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
            Assert.Contains("nested more than 16 deep", result.Reason, StringComparison.Ordinal);

            var allowed = DicomWriter.Part10(CtSlice(1).With(Nest(16, undefined, tag)));
            Assert.True(DicomHeaderReader.Read(allowed, allowed.Length).IsOk);
        }
    }

    [Fact]
    public void A_deflate_bomb_is_not_inflated()
    {
        // 16 MB of zeros deflate to about 16 KB; declared as a deflated dataset it must not cost more than the head.
        var bomb = MedicalFixtures.Gzip(new byte[16 * 1024 * 1024], System.IO.Compression.CompressionLevel.SmallestSize);
        var bytes = new ByteWriter().Zeros(128).Ascii("DICM").Bytes(DicomWriter.Meta(CtSlice(1), DicomWriter.Deflated)).Bytes(bomb).ToArray();

        var result = Timed(() => DicomHeaderReader.Read(bytes, bytes.Length));

        Assert.Equal(DicomHeaderStatus.Unsupported, result.Status);
    }

    [Fact]
    public void A_truncated_pixel_data_is_invalid()
    {
        var bytes = DicomWriter.Part10(CtSlice(1));
        var cut = bytes.AsSpan(0, bytes.Length - 10).ToArray();

        var result = DicomHeaderReader.Read(cut, cut.Length);

        Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
        Assert.Equal("the DICOM file is truncated: its PixelData (7FE0,0010) declares 48 bytes but the file ends 38 bytes after it starts", result.Reason);
    }

    [Fact]
    public void A_file_cut_inside_an_element_is_truncated()
    {
        var bytes = DicomWriter.Part10(CtSlice(1));
        var rows = IndexOfTag(bytes, DicomTags.Rows);

        var inValue = DicomHeaderReader.Read(bytes.AsSpan(0, rows + 9), rows + 9);
        var inHeader = DicomHeaderReader.Read(bytes.AsSpan(0, rows + 5), rows + 5);

        Assert.Equal($"the DICOM file is truncated or corrupt: element (0028,0010) Rows declares 2 bytes, which runs past the end of the file ({rows + 9} bytes)", inValue.Reason);
        Assert.Equal("the DICOM file is truncated", inHeader.Reason);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_prefix_of_a_fixture_is_handled(string name)
    {
        var bytes = FixtureFiles[name];
        var expected = DicomHeaderReader.Read(bytes, bytes.Length).Header!.ToJson();
        for (var length = 0; length <= bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length);

            // The head of a longer file may only ask for more, or give the same header.
            var partial = DicomHeaderReader.Read(prefix, bytes.Length);
            AssertKeepsProtocol(partial, length, bytes.Length);
            if (!(partial.Status == DicomHeaderStatus.NeedMoreBytes || (partial.IsOk && partial.Header!.ToJson() == expected)))
            {
                Assert.Fail($"{name} cut at {length}: {partial}");
            }

            // A file that really ends there never asks for more.
            AssertKeepsProtocol(DicomHeaderReader.Read(prefix, length), length, length);
            AssertKeepsProtocol(DicomHeaderReader.Read(prefix, -1), length, -1);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Mutated_fixtures_are_handled(string name)
    {
        var original = FixtureFiles[name];
        var random = new Random(name.Length * 7919);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])original.Clone();
            var flips = random.Next(1, 6);
            for (var f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(bytes.Length + 1);
            AssertKeepsProtocol(DicomHeaderReader.Read(bytes.AsSpan(0, length), bytes.Length), length, bytes.Length);
            var whole = DicomHeaderReader.Read(bytes, bytes.Length);
            AssertKeepsProtocol(whole, bytes.Length, bytes.Length);
            if (whole.IsOk)
            {
                _ = whole.Header!.ToJson();
                _ = DicomSeriesValidator.Validate([("mutated.dcm", whole.Header)]);
            }
        }
    }

    [Fact]
    public void Random_bytes_are_handled()
    {
        var random = new Random(20_251_125);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(600)];
            random.NextBytes(bytes);
            if (i % 3 == 0 && bytes.Length > 140)
            {
                "DICM"u8.CopyTo(bytes.AsSpan(128));
                bytes[132] = 2;
                bytes[133] = 0;
            }

            var total = random.Next(3) switch { 0 => bytes.Length, 1 => bytes.Length + random.Next(1, 1_000_000), _ => -1 };
            AssertKeepsProtocol(DicomHeaderReader.Read(bytes, total), bytes.Length, total);
        }
    }

    [Fact]
    public void Hostile_heads_of_four_mebibytes_allocate_little()
    {
        var meta = new ByteWriter().Zeros(128).Ascii("DICM").Bytes(DicomWriter.Meta(CtSlice(1), DicomWriter.ExplicitLittle)).ToArray();

        // Hundreds of thousands of empty items in a skipped sequence; the same in a wanted one; a wanted tag repeated.
        var emptyItems = Fill(meta, [0x08, 0x00, 0x40, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0]);
        var wantedItems = Fill(meta, [0x00, 0x52, 0x29, 0x92, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0]);
        var repeated = Fill(meta, [], [0x28, 0x00, 0x10, 0x00, (byte)'U', (byte)'S', 2, 0, 0, 2]);
        var undefinedItems = Fill(meta, [0x00, 0x52, 0x29, 0x92, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF],
            [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0]);

        foreach (var bytes in new[] { emptyItems, wantedItems, repeated, undefinedItems })
        {
            DicomHeaderReader.Read(bytes, -1); // warm up
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = Timed(() => DicomHeaderReader.Read(bytes, bytes.Length));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.NotEqual(DicomHeaderStatus.NeedMoreBytes, result.Status);
            Assert.True(allocated < 512 * 1024, $"{allocated} bytes allocated for {result}");
        }
    }

    private static byte[] Fill(byte[] start, byte[] opening, byte[] repeat)
    {
        var bytes = new byte[DicomHeaderReader.MaxHeaderBytes];
        start.CopyTo(bytes, 0);
        opening.CopyTo(bytes, start.Length);
        for (var at = start.Length + opening.Length; at + repeat.Length <= bytes.Length; at += repeat.Length)
        {
            repeat.CopyTo(bytes, at);
        }

        return bytes;
    }

    private static int IndexOfTag(byte[] bytes, uint tag)
    {
        ReadOnlySpan<byte> pattern = [(byte)(tag >> 16), (byte)(tag >> 24), (byte)tag, (byte)(tag >> 8)];
        return bytes.AsSpan().IndexOf(pattern);
    }

    private static DicomHeaderResult Timed(Func<DicomHeaderResult> read)
    {
        var clock = Stopwatch.StartNew();
        var result = read();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        return result;
    }

    private static void AssertKeepsProtocol(DicomHeaderResult result, int have, long total)
    {
        switch (result.Status)
        {
            case DicomHeaderStatus.NeedMoreBytes:
                Assert.True(total < 0 || have < total, $"asked for more of a file it has whole ({have} of {total})");
                Assert.InRange(result.BytesNeeded, have + 1, DicomHeaderReader.MaxHeaderBytes);
                if (total >= 0)
                {
                    Assert.True(result.BytesNeeded <= total);
                }

                break;
            case DicomHeaderStatus.Ok:
                Assert.NotNull(result.Header);
                break;
            default:
                Assert.False(string.IsNullOrWhiteSpace(result.Reason));
                break;
        }
    }
}
