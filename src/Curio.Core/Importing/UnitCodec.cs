using System.Text;
using Curio.Core.Specs;

namespace Curio.Core.Importing;

/// <summary>
/// The compact binary form in which validated units wait in a job's chunks until a worker processes them.
/// Versioned by its first byte so chunks written by an older server stay readable after an upgrade.
/// </summary>
public static class UnitCodec
{
    private const byte Version = 2;
    private const byte CreateVideoFlag = 1, ClusterFlag = 2, DefaultTitleFlag = 4;

    public static byte[] Encode(IReadOnlyList<SpecUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        using var stream = new MemoryStream(units.Sum(EstimateSize) + 16);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(units.Count);
            foreach (var unit in units)
            {
                Write(writer, unit);
            }
        }

        return stream.ToArray();
    }

    public static IReadOnlyList<SpecUnit> Decode(byte[] payload)
    {
        using var stream = new MemoryStream(payload, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"Unknown unit payload version {version}.");
        }

        var count = reader.ReadInt32();
        var units = new SpecUnit[count];
        for (var i = 0; i < count; i++)
        {
            units[i] = Read(reader);
        }

        return units;
    }

    /// <summary>Roughly how many payload bytes a unit takes, to cut chunks by size as well as by count.</summary>
    public static int EstimateSize(SpecUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var size = 32 + unit.Title.Length + (unit.ClientMetadata?.Length ?? 0) + (unit.ItemUuids.Count * 16);
        foreach (var o in unit.Objects)
        {
            size += 8 + o.Url.Length + (o.Title?.Length ?? 0) + (o.Metadata?.Json.Length * 2 ?? 0);
        }

        return size;
    }

    private static void Write(BinaryWriter writer, SpecUnit unit)
    {
        // Most single files carry the default title (their URL's path): a flag, not a second copy of the URL.
        var defaultTitle = unit.Objects.Count == 1 && !unit.Kind.IsGroup() && unit.Title == SpecRules.DefaultTitle(unit.Objects[0].Url);
        writer.Write(unit.Index);
        writer.Write((byte)unit.Kind);
        writer.Write((byte)((unit.CreateVideo ? CreateVideoFlag : 0) | (unit.ClusterByResolution ? ClusterFlag : 0) | (defaultTitle ? DefaultTitleFlag : 0)));
        if (!defaultTitle)
        {
            writer.Write(unit.Title);
        }

        WriteOptional(writer, unit.ClientMetadata);
        WriteOptional(writer, unit.VideoUrlPrefix);
        writer.Write(unit.Objects.Count);
        foreach (var o in unit.Objects)
        {
            writer.Write(o.Url);
            WriteOptional(writer, o.Title);
            WriteMetadata(writer, o.Metadata);
        }

        writer.Write(unit.ItemUuids.Count);
        Span<byte> uuid = stackalloc byte[16];
        foreach (var id in unit.ItemUuids)
        {
            id.TryWriteBytes(uuid);
            writer.Write(uuid);
        }
    }

    private static SpecUnit Read(BinaryReader reader)
    {
        var index = reader.ReadInt32();
        var kind = (UnitKind)reader.ReadByte();
        var flags = reader.ReadByte();
        var title = (flags & DefaultTitleFlag) == 0 ? reader.ReadString() : null;
        var metadata = ReadOptional(reader);
        var prefix = ReadOptional(reader);
        var objects = new SpecObject[reader.ReadInt32()];
        for (var i = 0; i < objects.Length; i++)
        {
            objects[i] = new SpecObject(reader.ReadString(), ReadOptional(reader), ReadMetadata(reader));
        }

        var uuids = new Guid[reader.ReadInt32()];
        for (var i = 0; i < uuids.Length; i++)
        {
            uuids[i] = new Guid(reader.ReadBytes(16));
        }

        return new SpecUnit
        {
            Index = index,
            Kind = kind,
            Title = title ?? SpecRules.DefaultTitle(objects[0].Url),
            ClientMetadata = metadata,
            CreateVideo = (flags & CreateVideoFlag) != 0,
            ClusterByResolution = (flags & ClusterFlag) != 0,
            VideoUrlPrefix = prefix,
            // Where in the file a unit came from only matters while the file is read.
            Source = $"unit {index}",
            Objects = objects,
            ItemUuids = uuids,
        };
    }

    private static void WriteMetadata(BinaryWriter writer, MediaMetadata? m)
    {
        writer.Write(m is not null);
        if (m is null)
        {
            return;
        }

        writer.Write(m.Json);
        WriteOptional(writer, m.Fps);
        WriteOptional(writer, m.Duration);
        WriteOptional(writer, m.Width);
        WriteOptional(writer, m.Height);
        WriteOptional(writer, m.FileSize);
        WriteOptional(writer, m.MimeType);
        WriteOptional(writer, m.SampleRate);
        WriteOptional(writer, m.BitDepth);
        WriteOptional(writer, m.Codec);
        WriteOptional(writer, m.NumChannels);
        WriteOptional(writer, m.NumPages);
    }

    private static MediaMetadata? ReadMetadata(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }

        return new MediaMetadata
        {
            Json = reader.ReadString(),
            Fps = ReadDouble(reader),
            Duration = ReadDouble(reader),
            Width = ReadInt(reader),
            Height = ReadInt(reader),
            FileSize = ReadLong(reader),
            MimeType = ReadOptional(reader),
            SampleRate = ReadInt(reader),
            BitDepth = ReadInt(reader),
            Codec = ReadOptional(reader),
            NumChannels = ReadInt(reader),
            NumPages = ReadInt(reader),
        };
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void WriteOptional(BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    private static void WriteOptional(BinaryWriter writer, long? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static double? ReadDouble(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadDouble() : null;

    private static long? ReadLong(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt64() : null;

    private static int? ReadInt(BinaryReader reader) => reader.ReadBoolean() ? (int)reader.ReadInt64() : null;
}
