using Curio.Media.Common;
using Curio.Media.Sniffing;

namespace Curio.Media.Audio;

/// <summary>
/// Reads duration, sample rate, bit depth, codec and channels from the headers of WAV (RIFF, RF64, BW64), FLAC,
/// MP3 and Ogg Vorbis/Opus/FLAC files, where a header is enough and cheaper than running ffprobe. Other audio
/// (AAC, M4A, AIFF, WMA, ...) is <see cref="HeaderStatus.Unsupported"/>: ffprobe's job. The NeedMoreBytes protocol
/// is <see cref="ImageHeaderReader"/>'s: ask again with the first <see cref="HeaderResult{T}.BytesNeeded"/> bytes.
/// </summary>
public static class AudioHeaderReader
{
    // Enough to tell every format apart.
    private const int MinimumHead = 12;

    /// <param name="head">The start of the file, or all of it.</param>
    /// <param name="totalSize">The object's full size; a negative value means unknown.</param>
    /// <param name="tail">
    /// Optionally the last bytes of the file (64 KiB is plenty): Ogg keeps its duration in the last page. Other
    /// formats ignore it. Not needed when the head is the whole file.
    /// </param>
    public static HeaderResult<AudioInfo> Read(ReadOnlySpan<byte> head, long totalSize, ReadOnlySpan<byte> tail = default)
    {
        var whole = HeadRequest.IsWholeFile(head.Length, totalSize);
        if (totalSize == 0 || (head.IsEmpty && whole))
        {
            return HeaderResult<AudioInfo>.Invalid("the file is empty");
        }

        if (head.Length < MinimumHead && !whole)
        {
            return HeaderResult<AudioInfo>.NeedHead((int)(totalSize >= 0 ? Math.Min(totalSize, HeadRequest.Granularity) : HeadRequest.Granularity));
        }

        var (result, name) = Dispatch(head, totalSize, tail);
        return result.Status == HeaderStatus.NeedMoreBytes
            ? HeadRequest.Settle<AudioInfo>(result.BytesNeeded, head.Length, totalSize, name)
            : result;
    }

    private static (HeaderResult<AudioInfo>, string) Dispatch(ReadOnlySpan<byte> head, long totalSize, ReadOnlySpan<byte> tail)
    {
        if ((Bytes.At(head, 0, "RIFF"u8) || Bytes.At(head, 0, "RF64"u8) || Bytes.At(head, 0, "BW64"u8)) && Bytes.At(head, 8, "WAVE"u8))
        {
            return (WavHeader.Read(head, totalSize), "WAV");
        }

        if (Bytes.At(head, 0, "fLaC"u8))
        {
            return (FlacHeader.Read(head, 0), "FLAC");
        }

        if (Bytes.At(head, 0, "OggS"u8))
        {
            return (OggHeader.Read(head, totalSize, tail), "Ogg");
        }

        if (Id3Length(head) is { } tag)
        {
            if (tag > HeadRequest.MaxHeadBytes)
            {
                return (HeaderResult<AudioInfo>.Unsupported("the ID3 tag is larger than 16 MiB; ffprobe reads such files"), "ID3");
            }

            // The tag may front FLAC or AAC as well as MP3: look behind it.
            if (!Bytes.Has(head, tag, 4))
            {
                return (HeaderResult<AudioInfo>.Need(tag + 4), "ID3");
            }

            if (Bytes.At(head, tag, "fLaC"u8))
            {
                return (FlacHeader.Read(head, tag), "FLAC");
            }

            return IsAdts(head[(int)tag..])
                ? (Unsupported(MimeTypes.Aac), "AAC")
                : (MpegAudioHeader.Read(head, tag, totalSize), "MP3");
        }

        if (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && !IsAdts(head))
        {
            return (MpegAudioHeader.Read(head, 0, totalSize), "MP3");
        }

        var sniffed = MediaSniffer.Sniff(head, totalSize);
        return sniffed.Category == MediaCategory.Audio
            ? (Unsupported(sniffed.MimeType), "audio")
            : (HeaderResult<AudioInfo>.Invalid($"not audio: the bytes look like {sniffed.MimeType}"), "audio");
    }

    private static HeaderResult<AudioInfo> Unsupported(string mimeType) =>
        HeaderResult<AudioInfo>.Unsupported($"{mimeType} is not measured from its header; ffprobe reads it");

    // ADTS shares the 12-bit sync with MPEG audio but sets the layer bits to 00, which MPEG audio reserves.
    private static bool IsAdts(ReadOnlySpan<byte> h) => Bytes.Has(h, 0, 2) && h[0] == 0xFF && (h[1] & 0xF6) == 0xF0;

    // ID3v2: "ID3", version 2-4, flags, a 28-bit syncsafe size, and a 10-byte footer when flagged.
    private static long? Id3Length(ReadOnlySpan<byte> head)
    {
        if (!Bytes.At(head, 0, "ID3"u8) || !Bytes.Has(head, 0, 10) || head[3] is < 2 or > 4 || head[4] == 0xFF)
        {
            return null;
        }

        long size = 0;
        for (var i = 6; i < 10; i++)
        {
            if (head[i] >= 0x80)
            {
                return null;
            }

            size = (size << 7) | head[i];
        }

        return 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0);
    }
}
