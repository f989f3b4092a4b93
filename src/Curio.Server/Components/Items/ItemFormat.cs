using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Curio.Contracts;

namespace Curio.Server.Components.Items;

/// <summary>How the files pages write item types, sizes, durations and JSON.</summary>
internal static class ItemFormat
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<string, ItemType> ByWireName = Enum.GetValues<ItemType>().ToDictionary(WireName);

    public static string Label(ItemType type) => type switch
    {
        ItemType.Video => "Video",
        ItemType.Image => "Image",
        ItemType.Group => "Group",
        ItemType.ImageGroup => "Image group",
        ItemType.ImageSequence => "Image sequence",
        ItemType.DicomFile => "DICOM",
        ItemType.DicomSeries => "DICOM series",
        ItemType.Audio => "Audio",
        ItemType.Nifti => "NIfTI",
        ItemType.PlainText => "Text",
        ItemType.Pdf => "PDF",
        ItemType.Scene => "Scene",
        _ => type.ToString(),
    };

    /// <summary>"2 images", "1 audio", "3 DICOM series": how counts name a type.</summary>
    public static string Count(ItemType type, long count)
    {
        var name = count == 1 ? type switch
        {
            ItemType.DicomFile => "DICOM file",
            ItemType.DicomSeries or ItemType.Pdf or ItemType.Nifti => Label(type),
            _ => Label(type).ToLowerInvariant(),
        } : type switch
        {
            ItemType.Audio => "audio",
            ItemType.DicomFile => "DICOM files",
            ItemType.DicomSeries or ItemType.Nifti => Label(type),
            ItemType.Pdf => "PDFs",
            ItemType.PlainText => "texts",
            _ => Label(type).ToLowerInvariant() + "s",
        };
        return count.ToString("N0", CultureInfo.InvariantCulture) + " " + name;
    }

    /// <summary>The type's name in the API (<c>imageGroup</c>), as item counts give it.</summary>
    public static string WireName(ItemType type) =>
        typeof(ItemType).GetField(type.ToString())?.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute), false)
            .Cast<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name ?? type.ToString();

    public static ItemType? FromWireName(string name) => ByWireName.TryGetValue(name, out var type) ? type : null;

    /// <summary>Types whose thumbnail the server can draw (see ItemThumbnails); the others show their icon without asking.</summary>
    public static bool HasThumbnail(ItemType type) =>
        type is ItemType.Image or ItemType.Video or ItemType.DicomFile or ItemType.ImageGroup or ItemType.ImageSequence or ItemType.DicomSeries or ItemType.Group;

    /// <summary>Types whose frames are child items.</summary>
    public static bool HasFrames(ItemType type) => type is ItemType.ImageGroup or ItemType.ImageSequence or ItemType.DicomSeries or ItemType.Group;

    public static string Size(long? bytes)
    {
        if (bytes is not { } size)
        {
            return "";
        }

        if (size < 1024)
        {
            return size.ToString("N0", CultureInfo.InvariantCulture) + " B";
        }

        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        var value = size / 1024.0;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>m:ss, with tenths under a minute (a 2.5 s clip is not "0:02").</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s)
        {
            return "";
        }

        var time = TimeSpan.FromSeconds(s);
        var whole = time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
        return s < 60 ? whole + "." + ((int)(s * 10) % 10).ToString(CultureInfo.InvariantCulture) : whole;
    }

    public static string Dimensions(Item item) =>
        item is { Width: { } w, Height: { } h } ? string.Create(CultureInfo.InvariantCulture, $"{w} × {h}") : "";

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>What else the server measured, in one line: frame rate, frames, pages, audio.</summary>
    public static string Details(Item item)
    {
        var parts = new List<string>();
        if (item.Fps is { } fps)
        {
            parts.Add(Number(fps) + " fps");
        }

        if (item.FrameCount is { } frames)
        {
            parts.Add(frames.ToString("N0", CultureInfo.InvariantCulture) + (frames == 1 ? " frame" : " frames"));
        }
        else if (item.ChildCount > 0)
        {
            parts.Add(item.ChildCount.ToString("N0", CultureInfo.InvariantCulture) + (item.ChildCount == 1 ? " frame" : " frames"));
        }

        if (item.NumPages is { } pages)
        {
            parts.Add(pages.ToString(CultureInfo.InvariantCulture) + (pages == 1 ? " page" : " pages"));
        }

        if (item.AudioSampleRate is { } rate)
        {
            parts.Add(Number(rate / 1000.0) + " kHz");
        }

        if (item.AudioBitDepth is { } depth)
        {
            parts.Add(depth.ToString(CultureInfo.InvariantCulture) + "-bit");
        }

        if (item.AudioNumChannels is { } channels)
        {
            parts.Add(channels.ToString(CultureInfo.InvariantCulture) + " ch");
        }

        if (item.AudioCodec is { Length: > 0 } codec)
        {
            parts.Add(codec);
        }

        return string.Join(" · ", parts);
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Json(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
