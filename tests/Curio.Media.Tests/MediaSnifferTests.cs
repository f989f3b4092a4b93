using System.IO.Compression;
using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests;

public sealed class MediaSnifferTests
{
    public static TheoryData<string> Fixtures => [.. Catalog.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Sniffs_each_fixture_to_its_category_and_mime_type(string name)
    {
        var fixture = Catalog.All[name];

        var result = MediaSniffer.Sniff(fixture.Bytes, fixture.Bytes.Length);

        Assert.Equal(new SniffResult(fixture.Category, fixture.MimeType), result);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Gives_the_same_answer_when_only_the_head_of_a_larger_file_is_given(string name)
    {
        var fixture = Catalog.All[name];

        var result = MediaSniffer.Sniff(fixture.Bytes, fixture.Bytes.Length + 1_000_000L);

        Assert.Equal(new SniffResult(fixture.Category, fixture.MimeType), result);
    }

    [Fact]
    public void Zero_total_size_is_empty()
    {
        Assert.Equal(new SniffResult(MediaCategory.Empty, "application/x-empty"), MediaSniffer.Sniff([], 0));
    }

    [Fact]
    public void An_empty_head_of_a_non_empty_file_is_unknown()
    {
        Assert.Equal(new SniffResult(MediaCategory.Unknown, "application/octet-stream"), MediaSniffer.Sniff([], 10));
    }

    [Fact]
    public void A_png_declared_as_a_video_is_reported_as_image_png()
    {
        var result = MediaSniffer.Sniff(ImageFixtures.Png(2, 2), 100);

        Assert.Equal(MediaCategory.Image, result.Category);
        Assert.Equal("Expected a video, got a file of type image/png", $"Expected a video, got a file of type {result.MimeType}");
    }

    [Fact]
    public void Pdf_junk_is_accepted_up_to_one_kibibyte_only()
    {
        byte[] within = [.. new byte[1024], .. "%PDF-1.5\n"u8];
        byte[] beyond = [.. new byte[1025], .. "%PDF-1.5\n"u8];

        Assert.Equal(MediaCategory.Pdf, MediaSniffer.Sniff(within, within.Length).Category);
        Assert.Equal(MediaCategory.Unknown, MediaSniffer.Sniff(beyond, beyond.Length).Category);
    }

    [Fact]
    public void Prose_mentioning_the_pdf_header_without_a_version_stays_text()
    {
        var text = "The header %PDF- marks a PDF.\n"u8.ToArray();

        Assert.Equal(new SniffResult(MediaCategory.Text, "text/plain"), MediaSniffer.Sniff(text, text.Length));
    }

    [Fact]
    public void A_single_g_at_transport_stream_offsets_is_not_enough()
    {
        var mostlyText = "G is for grapes\n"u8.ToArray();

        Assert.Equal(MediaCategory.Text, MediaSniffer.Sniff(mostlyText, mostlyText.Length).Category);
    }

    [Fact]
    public void A_transport_stream_with_a_broken_sync_byte_is_not_one()
    {
        var ts = AvFixtures.MpegTs();
        ts[188 * 3] = 0x46;

        Assert.NotEqual("video/mp2t", MediaSniffer.Sniff(ts, ts.Length).MimeType);
    }

    [Fact]
    public void Mpeg_audio_sync_followed_by_garbage_where_the_next_frame_should_be_is_not_mp3()
    {
        var frames = AvFixtures.Mp3Frames(2);
        frames[417] = 0x00;

        Assert.NotEqual(MediaCategory.Audio, MediaSniffer.Sniff(frames, frames.Length).Category);
    }

    [Fact]
    public void Asf_whose_header_is_cut_before_its_stream_list_ends_stays_asf()
    {
        var wma = AvFixtures.Asf(true);

        Assert.Equal("video/x-ms-asf", MediaSniffer.Sniff(wma.AsSpan(0, 140), wma.Length).MimeType);
    }

    [Fact]
    public void Ogg_with_an_unknown_codec_is_reported_as_generic_ogg()
    {
        var ogg = AvFixtures.OggPage("\u0001unknown-codec"u8.ToArray());

        Assert.Equal(new SniffResult(MediaCategory.Unknown, "application/ogg"), MediaSniffer.Sniff(ogg, ogg.Length));
    }

    [Fact]
    public void Ebml_with_an_unknown_doc_type_is_not_a_video()
    {
        var ebml = AvFixtures.Ebml("foo");

        Assert.Equal(MediaCategory.Unknown, MediaSniffer.Sniff(ebml, ebml.Length).Category);
    }

    [Fact]
    public void Random_riff_form_is_unknown()
    {
        var riff = Containers.Riff("CDXA", Containers.RiffChunk("fmt ", new byte[16]));

        Assert.Equal(MediaCategory.Unknown, MediaSniffer.Sniff(riff, riff.Length).Category);
    }

    [Fact]
    public void Gzipped_nifti_whose_head_stops_before_the_magic_is_judged_on_sizeof_hdr()
    {
        // Stored (uncompressed) deflate blocks inflate byte for byte, so a 150-byte head yields about 130
        // bytes: sizeof_hdr is visible, the magic at 344 is not.
        var nifti = MedicalFixtures.Nifti1(littleEndian: true);
        var gz = MedicalFixtures.Gzip(nifti, CompressionLevel.NoCompression);
        nifti[0] = 0x5D;
        var notNifti = MedicalFixtures.Gzip(nifti, CompressionLevel.NoCompression);

        Assert.Equal(MediaCategory.Nifti, MediaSniffer.Sniff(gz.AsSpan(0, 150), gz.Length).Category);
        Assert.Equal("application/gzip", MediaSniffer.Sniff(notNifti.AsSpan(0, 150), notNifti.Length).MimeType);
    }

    [Fact]
    public void Gzipped_nifti_with_a_wrong_magic_is_plain_gzip()
    {
        var gz = MedicalFixtures.Gzip(MedicalFixtures.Nifti1(littleEndian: true, magic: "n+9"));

        Assert.Equal(new SniffResult(MediaCategory.Unknown, "application/gzip"), MediaSniffer.Sniff(gz, gz.Length));
    }

    [Fact]
    public void Corrupt_gzip_is_reported_as_gzip_without_throwing()
    {
        byte[] gz = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

        Assert.Equal(new SniffResult(MediaCategory.Unknown, "application/gzip"), MediaSniffer.Sniff(gz, gz.Length));
    }
}
