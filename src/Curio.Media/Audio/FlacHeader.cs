using Curio.Media.Common;
using Curio.Media.Sniffing;

namespace Curio.Media.Audio;

/// <summary>FLAC: the STREAMINFO block, which must come first after <c>fLaC</c>. Also read inside Ogg FLAC.</summary>
internal static class FlacHeader
{
    public const int StreamInfoLength = 34;

    /// <param name="data">The file from its start.</param>
    /// <param name="start">Where <c>fLaC</c> is (after an ID3v2 tag, if any).</param>
    public static HeaderResult<AudioInfo> Read(ReadOnlySpan<byte> data, long start)
    {
        var block = start + 4;
        if (!Bytes.Has(data, block, 4 + StreamInfoLength))
        {
            return HeaderResult<AudioInfo>.Need(block + 4 + StreamInfoLength);
        }

        var at = (int)block;
        var length = (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3];
        if ((data[at] & 0x7F) != 0 || length < StreamInfoLength)
        {
            return HeaderResult<AudioInfo>.Invalid("the FLAC stream does not start with a STREAMINFO block");
        }

        return StreamInfo(data.Slice(at + 4, StreamInfoLength), MimeTypes.Flac, "flac");
    }

    /// <summary>Reads the 34-byte STREAMINFO body.</summary>
    public static HeaderResult<AudioInfo> StreamInfo(ReadOnlySpan<byte> info, string mimeType, string format)
    {
        var packed = Bytes.U64Be(info, 10);
        var sampleRate = (int)(packed >> 44);
        var channels = (int)((packed >> 41) & 0x7) + 1;
        var bits = (int)((packed >> 36) & 0x1F) + 1;
        var samples = (long)(packed & 0xF_FFFF_FFFF);
        var minBlock = Bytes.U16Be(info, 0);
        var maxBlock = Bytes.U16Be(info, 2);
        if (sampleRate == 0)
        {
            return HeaderResult<AudioInfo>.Invalid("the FLAC STREAMINFO gives a sample rate of 0");
        }

        if (bits < 4 || minBlock < 16 || maxBlock < minBlock)
        {
            return HeaderResult<AudioInfo>.Invalid("the FLAC STREAMINFO is invalid");
        }

        // A total of 0 means "unknown" (a stream encoded without knowing its length).
        return HeaderResult<AudioInfo>.Ok(new AudioInfo
        {
            Format = format,
            MimeType = mimeType,
            Codec = "flac",
            SampleRate = sampleRate,
            Channels = channels,
            BitDepth = bits,
            Duration = samples > 0 ? (double)samples / sampleRate : null,
            SampleCount = samples > 0 ? samples : null,
        });
    }
}
