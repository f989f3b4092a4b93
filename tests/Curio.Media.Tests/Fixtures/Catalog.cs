using System.Text;
using static Curio.Media.Tests.Fixtures.AvFixtures;
using static Curio.Media.Tests.Fixtures.Containers;
using static Curio.Media.Tests.Fixtures.ImageFixtures;
using static Curio.Media.Tests.Fixtures.MedicalFixtures;

namespace Curio.Media.Tests.Fixtures;

internal sealed record Fixture(byte[] Bytes, MediaCategory Category, string MimeType, int Width = 0, int Height = 0, int? Orientation = null);

/// <summary>Every fixture file with the sniff result (and, for images, the size and orientation) it must give.</summary>
internal static class Catalog
{
    public static readonly IReadOnlyDictionary<string, Fixture> All = Build();

    public static IEnumerable<string> Names => All.Keys;

    public static IEnumerable<string> ImageNames => All.Where(f => f.Value.Width > 0).Select(f => f.Key);

    private static Dictionary<string, Fixture> Build()
    {
        const MediaCategory image = MediaCategory.Image, video = MediaCategory.Video, audio = MediaCategory.Audio;
        return new Dictionary<string, Fixture>(StringComparer.Ordinal)
        {
            ["png"] = new(Png(640, 480), image, "image/png", 640, 480),
            ["png-apple-cgbi"] = new(Png(57, 57, appleCgbi: true), image, "image/png", 57, 57),
            ["png-exif"] = new(Png(64, 32, exif: Exif(6, littleEndian: true), textBytes: 300), image, "image/png", 64, 32, 6),
            ["jpeg"] = new(Jpeg(1920, 1080), image, "image/jpeg", 1920, 1080),
            ["jpeg-large-app1"] = new(Jpeg(4032, 3024, orientation: 6, app1Padding: 60_000, iccSegments: 2), image, "image/jpeg", 4032, 3024, 6),
            ["jpeg-progressive"] = new(Jpeg(300, 200, frameMarker: 0xC2), image, "image/jpeg", 300, 200),
            ["gif87a"] = new(Gif(16, 9, "87a"), image, "image/gif", 16, 9),
            ["gif89a"] = new(Gif(320, 240), image, "image/gif", 320, 240),
            ["webp-lossy"] = new(WebPLossy(550, 368), image, "image/webp", 550, 368),
            ["webp-lossless"] = new(WebPLossless(386, 395), image, "image/webp", 386, 395),
            ["webp-extended"] = new(WebPExtended(16383, 70_000), image, "image/webp", 16383, 70_000),
            ["webp-extended-exif"] = new(WebPExtended(300, 200, exif: Exif(8), imagePadding: 70_000), image, "image/webp", 300, 200, 8),
            ["bmp-bottom-up"] = new(Bmp(31, 7, topDown: false), image, "image/bmp", 31, 7),
            ["bmp-top-down"] = new(Bmp(13, 11, topDown: true), image, "image/bmp", 13, 11),
            ["bmp-os2"] = new(BmpOs2(5, 3), image, "image/bmp", 5, 3),
            ["tiff-le"] = new(Tiff(littleEndian: true, 800, 600, orientation: 3), image, "image/tiff", 800, 600, 3),
            ["tiff-be"] = new(Tiff(littleEndian: false, 70_000, 3, longSizes: true), image, "image/tiff", 70_000, 3),
            ["bigtiff"] = new(BigTiff(littleEndian: true, 100_000, 5), image, "image/tiff", 100_000, 5),
            ["avif"] = new(Heif("avif", ["avif", "mif1", "miaf"], 1024, 768), image, "image/avif", 1024, 768),
            ["avif-mif1-major"] = new(Heif("mif1", ["mif1", "avif"], 64, 48, decoyFirst: true), image, "image/avif", 64, 48),
            ["heic"] = new(Heif("heic", ["mif1", "heic"], 4032, 3024, decoyFirst: true, wideIpma: true, ipmaVersion: 1), image, "image/heic", 4032, 3024),
            ["heif"] = new(Heif("mif1", ["mif1"], 10, 20, metaAfterMdat: true), image, "image/heif", 10, 20),
            ["heic-irot-imir"] = new(Heif("heic", ["mif1", "heic"], 4032, 3024, decoyFirst: true, transforms: [("irot", 3), ("imir", 1)],
                exifOrientation: 6), image, "image/heic", 4032, 3024, 5),
            ["ico"] = new(Ico((16, 16, false), (48, 48, false), (32, 32, false)), image, "image/vnd.microsoft.icon", 48, 48),
            ["ico-png-512"] = new(Ico((16, 16, false), (512, 512, true)), image, "image/vnd.microsoft.icon", 512, 512),
            ["jp2"] = new(Jp2(1001, 2002), image, "image/jp2", 1001, 2002),
            ["jpx"] = new(Jp2(7, 9, "jpx "), image, "image/jpx", 7, 9),
            ["j2k"] = new(J2k(640, 360), image, "image/j2c", 640, 360),
            ["jxl-small"] = new(JxlCodestream(64, 128), image, "image/jxl", 64, 128, 1),
            ["jxl-large"] = new(JxlCodestream(5000, 300, orientation: 7), image, "image/jxl", 5000, 300, 7),
            ["jxl-ratio"] = new(JxlCodestream(1920, 1080, ratio: 5), image, "image/jxl", 1920, 1080, 1),
            ["jxl-container"] = new(JxlContainer(1000, 1000, orientation: 6, exifOrientation: 3), image, "image/jxl", 1000, 1000, 6),
            ["jxl-container-partial"] = new(JxlContainer(123, 45, splitAt: 5, orientation: 2), image, "image/jxl", 123, 45, 2),

            ["mp4-isom"] = new(IsoMedia("isom", "isom", "iso2", "avc1", "mp41"), video, "video/mp4"),
            ["mp4-mp42"] = new(IsoMedia("mp42", "mp42", "isom"), video, "video/mp4"),
            ["mp4-iso5-dash"] = new(IsoMedia("iso5", "iso6", "dash"), video, "video/mp4"),
            ["m4v"] = new(IsoMedia("M4V ", "M4V ", "M4A ", "mp42", "isom"), video, "video/mp4"),
            ["mp4-unknown-brand"] = new(IsoMedia("zzzz", "zzzz"), video, "video/mp4"),
            ["mov"] = new(IsoMedia("qt  ", "qt  "), video, "video/quicktime"),
            ["mov-legacy"] = new(LegacyQuickTime(), video, "video/quicktime"),
            ["3gp"] = new(IsoMedia("3gp4", "isom", "3gp4"), video, "video/3gpp"),
            ["3gp5"] = new(IsoMedia("3gp5", "3gp5"), video, "video/3gpp"),
            ["3g2"] = new(IsoMedia("3g2a", "3g2a"), video, "video/3gpp2"),
            ["webm"] = new(Ebml("webm"), video, "video/webm"),
            ["mkv"] = new(Ebml("matroska"), video, "video/x-matroska"),
            ["mkv-no-doctype"] = new(Ebml(null), video, "video/x-matroska"),
            ["avi"] = new(Avi(), video, "video/x-msvideo"),
            ["mpeg-ts"] = new(MpegTs(), video, "video/mp2t"),
            ["m2ts"] = new(MpegTs(packetSize: 192), video, "video/mp2t"),
            ["mpeg-ps"] = new(MpegPs(), video, "video/mpeg"),
            ["flv"] = new(Flv(), video, "video/x-flv"),
            ["asf-video"] = new(Asf(true, false), video, "video/x-ms-asf"),
            ["ogg-theora"] = new(Concat(OggPage(TheoraHeader()), OggPage(VorbisHeader(), serial: 2)), video, "video/ogg"),
            ["mj2"] = new(Jp2(8, 8, "mjp2"), video, "video/mj2"),

            ["wav"] = new(Wav(), audio, "audio/wav"),
            ["mp3-id3"] = new(Id3(Mp3Frames()), audio, "audio/mpeg"),
            ["mp3-frames"] = new(Mp3Frames(), audio, "audio/mpeg"),
            ["flac"] = new(Flac(), audio, "audio/flac"),
            ["flac-id3"] = new(Id3(Flac()), audio, "audio/flac"),
            ["ogg-vorbis"] = new(OggPage(VorbisHeader()), audio, "audio/ogg"),
            ["ogg-opus"] = new(OggPage(OpusHeader()), audio, "audio/ogg"),
            ["ogg-flac"] = new(OggPage(OggFlacHeader()), audio, "audio/ogg"),
            ["aac-adts"] = new(Adts(), audio, "audio/aac"),
            ["aac-id3"] = new(Id3(Adts()), audio, "audio/aac"),
            ["m4a"] = new(IsoMedia("M4A ", "M4A ", "mp42", "isom"), audio, "audio/mp4"),
            ["m4b"] = new(IsoMedia("M4B ", "M4B "), audio, "audio/mp4"),
            ["aiff"] = new(Aiff(), audio, "audio/aiff"),
            ["aifc"] = new(Aiff("AIFC"), audio, "audio/aiff"),
            ["amr"] = new(Amr(), audio, "audio/amr"),
            ["wma"] = new(Asf(true), audio, "audio/x-ms-wma"),

            ["pdf"] = new(Encoding.Latin1.GetBytes("%PDF-1.7\n%\u00E2\u00E3\u00CF\u00D3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"), MediaCategory.Pdf, "application/pdf"),
            ["pdf-after-junk"] = new([.. new byte[700], .. "%PDF-1.4\n%\u00C7\u00EC\n"u8], MediaCategory.Pdf, "application/pdf"),
            ["dicom-part10"] = new(DicomPart10(), MediaCategory.Dicom, "application/dicom"),
            ["dicom-raw-explicit"] = new(Dataset(explicitVr: true), MediaCategory.Dicom, "application/dicom"),
            ["dicom-raw-implicit"] = new(Dataset(explicitVr: false), MediaCategory.Dicom, "application/dicom"),
            ["nifti1-le"] = new(Nifti1(littleEndian: true), MediaCategory.Nifti, "application/x-nifti"),
            ["nifti1-be"] = new(Nifti1(littleEndian: false), MediaCategory.Nifti, "application/x-nifti"),
            ["nifti1-pair-header"] = new(Nifti1(littleEndian: true, magic: "ni1"), MediaCategory.Nifti, "application/x-nifti"),
            ["nifti2"] = new(Nifti2(littleEndian: true), MediaCategory.Nifti, "application/x-nifti"),
            ["nifti2-be"] = new(Nifti2(littleEndian: false), MediaCategory.Nifti, "application/x-nifti"),
            ["nifti1-gz"] = new(Gzip(Nifti1(littleEndian: true)), MediaCategory.Nifti, "application/x-nifti+gzip"),
            ["nifti2-gz"] = new(Gzip(Nifti2(littleEndian: false)), MediaCategory.Nifti, "application/x-nifti+gzip"),
            ["gzip-text"] = new(Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("not a volume ", 100)))), MediaCategory.Unknown, "application/gzip"),
            ["analyze-hdr"] = new(Nifti1(littleEndian: true, magic: "\0\0\0"), MediaCategory.Unknown, "application/octet-stream"),

            ["text-ascii"] = new("hello, world\nsecond line\n"u8.ToArray(), MediaCategory.Text, "text/plain"),
            ["text-utf8"] = new(Encoding.UTF8.GetBytes("Grüße aus Köln — 東京 🚀\n"), MediaCategory.Text, "text/plain"),
            ["text-utf8-bom"] = new([0xEF, 0xBB, 0xBF, .. "a,b,c\n1,2,3\n"u8], MediaCategory.Text, "text/plain"),
            ["text-utf16le"] = new([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Hello 世界\r\n")], MediaCategory.Text, "text/plain; charset=utf-16le"),
            ["text-utf16be"] = new([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("{\"a\": 1}")], MediaCategory.Text, "application/json; charset=utf-16be"),
            ["json"] = new("{\"name\": \"cat.png\", \"labels\": [\"cat\", \"animal\"], \"w\": 1.5e3}\n"u8.ToArray(), MediaCategory.Text, "application/json"),
            ["json-array"] = new(" \n[1, 2, {\"a\": null}]"u8.ToArray(), MediaCategory.Text, "application/json"),
            ["jsonl"] = new("{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3}\n"u8.ToArray(), MediaCategory.Text, "application/x-ndjson"),
            ["not-json"] = new("[INFO] server started\n"u8.ToArray(), MediaCategory.Text, "text/plain"),
            ["html"] = new("<!DOCTYPE html>\n<html><head><title>x</title></head><body></body></html>\n"u8.ToArray(), MediaCategory.Text, "text/html"),
            ["html-bare"] = new("<!-- generated -->\n<HTML lang=\"en\"><body>hi</body></HTML>"u8.ToArray(), MediaCategory.Text, "text/html"),
            ["xml"] = new("<?xml version=\"1.0\"?>\n<annotation><size><width>5</width></size></annotation>\n"u8.ToArray(), MediaCategory.Text, "application/xml"),
            ["svg"] = new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [ <!ENTITY a \"b\"> ]>\n<!-- icon -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n"u8.ToArray(), image, "image/svg+xml"),
            ["svg-bare"] = new("<svg viewBox=\"0 0 1 1\"></svg>"u8.ToArray(), image, "image/svg+xml"),
            ["binary-junk"] = new([0x00, 0x13, 0x37, 0xC0, 0xFF, 0xEE, 0x00, 0x01, 0x02, 0x03, 0xFE, 0xFD], MediaCategory.Unknown, "application/octet-stream"),
            ["latin1-text"] = new(Encoding.Latin1.GetBytes("caf\u00E9 cr\u00E8me\n"), MediaCategory.Unknown, "application/octet-stream"),
        };
    }
}
