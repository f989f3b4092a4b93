namespace Curio.Media.Sniffing;

internal static class MimeTypes
{
    public const string Empty = "application/x-empty";
    public const string OctetStream = "application/octet-stream";

    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Gif = "image/gif";
    public const string WebP = "image/webp";
    public const string Bmp = "image/bmp";
    public const string Tiff = "image/tiff";
    public const string Avif = "image/avif";
    public const string Heic = "image/heic";
    public const string HeicSequence = "image/heic-sequence";
    public const string Heif = "image/heif";
    public const string HeifSequence = "image/heif-sequence";
    public const string Ico = "image/vnd.microsoft.icon";
    public const string Svg = "image/svg+xml";
    public const string Jp2 = "image/jp2";
    public const string Jpx = "image/jpx";
    public const string J2c = "image/j2c";
    public const string Jxl = "image/jxl";

    public const string Mp4 = "video/mp4";
    public const string QuickTime = "video/quicktime";
    public const string ThreeGpp = "video/3gpp";
    public const string ThreeGpp2 = "video/3gpp2";
    public const string WebM = "video/webm";
    public const string Matroska = "video/x-matroska";
    public const string Avi = "video/x-msvideo";
    public const string MpegTs = "video/mp2t";
    public const string MpegPs = "video/mpeg";
    public const string Flv = "video/x-flv";
    public const string Asf = "video/x-ms-asf";
    public const string OggVideo = "video/ogg";
    public const string MotionJpeg2000 = "video/mj2";

    public const string Wav = "audio/wav";
    public const string Mp3 = "audio/mpeg";
    public const string Flac = "audio/flac";
    public const string OggAudio = "audio/ogg";
    public const string Aac = "audio/aac";
    public const string M4a = "audio/mp4";
    public const string Aiff = "audio/aiff";
    public const string Amr = "audio/amr";
    public const string AmrWb = "audio/amr-wb";
    public const string Wma = "audio/x-ms-wma";
    public const string Midi = "audio/midi";

    public const string Ogg = "application/ogg";
    public const string Pdf = "application/pdf";
    public const string Dicom = "application/dicom";
    public const string Nifti = "application/x-nifti";
    public const string NiftiGzip = "application/x-nifti+gzip";
    public const string Gzip = "application/gzip";

    public const string PlainText = "text/plain";
    public const string Json = "application/json";
    public const string NdJson = "application/x-ndjson";
    public const string Html = "text/html";
    public const string Xml = "application/xml";
}
