using Curio.Connectors;
using Curio.Core.Importing;
using Curio.Core.Items;
using Curio.Core.Specs;
using Curio.Media;
using Curio.Server.Hosting;
using Curio.Storage;
using Curio.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Curio.Server.Jobs;

/// <summary>What every unit of a chunk is checked against.</summary>
/// <param name="Source">Where the unit's objects are read.</param>
/// <param name="IntegrationName">Named in errors.</param>
/// <param name="FolderUuid">Where the items go.</param>
/// <param name="StrictClientOnly">The integration forbids the server to download: metadata must come with the upload file.</param>
internal sealed record UnitContext(IObjectSource Source, string IntegrationName, Guid FolderUuid, bool StrictClientOnly = false);

/// <summary>
/// Checks one unit and describes the items it registers. An object whose upload file supplied its media metadata
/// is not read (Encord's rule: the values are used as given). Any other object must exist, and its real type
/// (magic bytes) must match the declared one; images also give their size from the header.
/// </summary>
internal sealed class UnitProber(IStorage storage, IOptions<CurioOptions> options, TimeProvider time)
{
    public static bool NeedsReading(SpecUnit unit) =>
        unit.Kind == UnitKind.ImageGroupFromItems || unit.Objects.Any(o => o.Metadata is null);

    public async ValueTask<UnitOutcome> ProcessAsync(SpecUnit unit, UnitContext context, CancellationToken cancellationToken)
    {
        try
        {
            return unit.Kind == UnitKind.ImageGroupFromItems
                ? await FromItemsAsync(unit, cancellationToken)
                : await FromObjectsAsync(unit, context, cancellationToken);
        }
        catch (UnitFailure failure)
        {
            return new UnitFailed(unit.Index, new UnitError(
                unit.Index, unit.TopItemType().WireName(), unit.Title,
                unit.Kind == UnitKind.ImageGroupFromItems ? unit.ItemUuids.Select(u => u.ToString()).ToList() : unit.Objects.Select(o => o.Url).ToList(),
                failure.Message, $"Registering {Describe(unit.Kind)}", Guid.CreateVersion7(time.GetUtcNow())));
        }
    }

    private async ValueTask<UnitOutcome> FromObjectsAsync(SpecUnit unit, UnitContext context, CancellationToken cancellationToken)
    {
        var probes = new Probe[unit.Objects.Count];
        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = await ProbeAsync(unit.Objects[i], unit.Kind, context, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (!unit.Kind.IsGroup())
        {
            var item = ItemFor(unit.Objects[0], probes[0], unit.TopItemType(), unit.Title, now) with { ClientMetadata = unit.ClientMetadata };
            return new UnitSucceeded(unit.Index, item, [], DedupKey.ForFile(unit.Objects[0].Url), unit.ClientMetadata is not null);
        }

        var childType = unit.Kind.ChildItemType();
        var frames = unit.Objects.Select((o, i) => ItemFor(o, probes[i], childType, o.Title ?? SpecRules.DefaultTitle(o.Url), now)).ToList();
        return new UnitSucceeded(unit.Index, GroupItem(unit, frames, now), frames, DedupKey.ForGroup(unit.Objects.Select(o => o.Url).ToList()), unit.ClientMetadata is not null);
    }

    private async ValueTask<UnitOutcome> FromItemsAsync(SpecUnit unit, CancellationToken cancellationToken)
    {
        var found = await storage.Items.GetManyAsync(unit.ItemUuids, cancellationToken);
        var missing = unit.ItemUuids.Except(found.Select(i => i.Uuid)).ToList();
        if (missing.Count > 0)
        {
            throw new UnitFailure($"These imageItems are not registered items: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}. Give the UUIDs of registered images.");
        }

        if (found.FirstOrDefault(i => i.Type != ItemType.Image) is { } other)
        {
            throw new UnitFailure($"Item {other.Uuid} is a {other.Type.WireName()}, not an image; an image group is built from images only.");
        }

        var now = time.GetUtcNow();
        var frames = found.Select(i => new NewItem
        {
            Uuid = Guid.CreateVersion7(now),
            Type = ItemType.Image,
            Name = i.Name,
            Url = i.Url,
            MediaMetadata = i.MediaMetadata,
            FileSize = i.FileSize,
            MimeType = i.MimeType,
            Width = i.Width,
            Height = i.Height,
        }).ToList();
        return new UnitSucceeded(unit.Index, GroupItem(unit, frames, now), frames, DedupKey.ForGroup(found.Select(i => i.Url ?? i.Uuid.ToString()).ToList()), unit.ClientMetadata is not null);
    }

    private async ValueTask<Probe> ProbeAsync(SpecObject obj, UnitKind kind, UnitContext context, CancellationToken cancellationToken)
    {
        var resolution = context.Source.Resolve(obj.Url);
        if (resolution.Location is not { } location)
        {
            throw new UnitFailure(Sentence(resolution.Error ?? $"{obj.Url} does not belong to the integration '{context.IntegrationName}'")
                + $" Use a URL the integration '{context.IntegrationName}' reads, or import the file through another integration.");
        }

        if (obj.Metadata is not null)
        {
            return default;
        }

        if (context.StrictClientOnly && kind == UnitKind.Nifti)
        {
            throw new UnitFailure(
                $"{obj.Url} is a NIfTI volume, and the integration '{context.IntegrationName}' is strict client-only: NIfTI entries take no metadata " +
                "block, so the server would have to read the file. Import NIfTI volumes through an integration without strict client-only access.");
        }

        if (context.StrictClientOnly)
        {
            throw new UnitFailure(
                $"{obj.Url} has no {MetadataBlock(kind)} block, and the integration '{context.IntegrationName}' is strict client-only: the server never " +
                $"downloads its files, so the upload file must give each file's media metadata. Add the {MetadataBlock(kind)} block, or import through an integration without strict client-only access.");
        }

        try
        {
            var head = await context.Source.ReadHeadAsync(location, options.Value.Import.HeadBytes, cancellationToken);
            var sniffed = MediaSniffer.Sniff(head.Bytes.Span, head.Size);
            var expected = Expected(kind);
            if (sniffed.Category != expected)
            {
                throw new UnitFailure(sniffed.Category == MediaCategory.Empty
                    ? $"Expected {kind.Noun()}, got an empty file (0 bytes): {obj.Url}. Replace the file or remove it from the upload file."
                    : $"Expected {kind.Noun()}, got a file of type {sniffed.MimeType}: {obj.Url}. List it under its real type in the upload file, or replace the file.");
            }

            var size = head.Size >= 0 ? head.Size : (long?)null;
            if (expected != MediaCategory.Image)
            {
                return new Probe(size, sniffed.MimeType, null, null);
            }

            var (width, height) = await ImageSizeAsync(context.Source, location, head, obj.Url, cancellationToken);
            return new Probe(size, sniffed.MimeType, width, height);
        }
        catch (ObjectSourceException ex)
        {
            throw new UnitFailure(Sentence(ex.Message) + " " + Remedy(ex.Kind));
        }
    }

    /// <summary>Image sizes come from the header; a JPEG may keep its size behind large metadata, so more is read when asked.</summary>
    private static async ValueTask<(int? Width, int? Height)> ImageSizeAsync(IObjectSource source, ObjectLocation location, ObjectHead head, string url, CancellationToken cancellationToken)
    {
        var bytes = head.Bytes;
        while (true)
        {
            var header = ImageHeaderReader.Read(bytes.Span, head.Size);
            switch (header.Status)
            {
                case ImageHeaderStatus.Ok:
                    return (header.Width, header.Height);
                case ImageHeaderStatus.Unsupported:
                    return (null, null); // an SVG has no pixel size to read
                case ImageHeaderStatus.NeedMoreBytes when header.BytesNeeded > bytes.Length && (head.Size < 0 || bytes.Length < head.Size):
                    var more = new byte[head.Size >= 0 ? (int)Math.Min(header.BytesNeeded, head.Size) : header.BytesNeeded];
                    bytes.CopyTo(more);
                    var read = await source.ReadRangeAsync(location, bytes.Length, more.AsMemory(bytes.Length), cancellationToken);
                    bytes = more.AsMemory(0, bytes.Length + read);
                    if (read == 0)
                    {
                        throw new UnitFailure($"The image header of {url} is truncated. Replace the file.");
                    }

                    break;
                default:
                    throw new UnitFailure($"The image {url} is damaged: {header.Reason ?? "its header is truncated"}. Replace the file.");
            }
        }
    }

    /// <summary>What a user can do about a failed read; the connector's message says what happened.</summary>
    private static string Remedy(ObjectErrorKind kind) => kind switch
    {
        ObjectErrorKind.NotFound => "Check the URL, or remove the entry from the upload file.",
        ObjectErrorKind.AccessDenied => "Give the integration read access to the file, or remove the entry from the upload file.",
        ObjectErrorKind.Refused => "Use a URL the integration may read, or remove the entry from the upload file.",
        ObjectErrorKind.Unavailable => "The storage did not answer in time; submit the upload file again later (with skip_duplicate_urls, what was registered is skipped).",
        _ => "Check the file, or remove the entry from the upload file.",
    };

    private static string Sentence(string message) => message.EndsWith('.') ? message : message + ".";

    private static NewItem ItemFor(SpecObject obj, Probe probe, ItemType type, string name, DateTimeOffset now)
    {
        var m = obj.Metadata;
        return new NewItem
        {
            Uuid = Guid.CreateVersion7(now),
            Type = type,
            Name = name,
            Url = obj.Url,
            MediaMetadata = m?.Json,
            FileSize = m?.FileSize ?? probe.Size,
            MimeType = m?.MimeType ?? probe.MimeType,
            Width = m?.Width ?? probe.Width,
            Height = m?.Height ?? probe.Height,
            Duration = m?.Duration,
            Fps = m?.Fps,
            FrameCount = m is { Fps: { } fps, Duration: { } duration } ? (long)Math.Round(fps * duration) : null,
            NumPages = m?.NumPages,
            AudioSampleRate = m?.SampleRate,
            AudioBitDepth = m?.BitDepth,
            AudioCodec = m?.Codec,
            AudioNumChannels = m?.NumChannels,
        };
    }

    private static NewItem GroupItem(SpecUnit unit, List<NewItem> frames, DateTimeOffset now)
    {
        var sequence = unit.CreateVideo;
        return new NewItem
        {
            Uuid = Guid.CreateVersion7(now),
            Type = unit.TopItemType(),
            Name = unit.Title,
            ClientMetadata = unit.ClientMetadata,
            FrameCount = unit.Kind == UnitKind.DicomSeries ? null : frames.Count,
            // A sequence is shown as a video of its first frame's size; a group's frames may differ.
            Width = sequence ? frames[0].Width : null,
            Height = sequence ? frames[0].Height : null,
            FileSize = frames.All(f => f.FileSize is not null) ? frames.Sum(f => f.FileSize!.Value) : null,
        };
    }

    private static MediaCategory Expected(UnitKind kind) => kind switch
    {
        UnitKind.Video => MediaCategory.Video,
        UnitKind.Audio => MediaCategory.Audio,
        UnitKind.Text => MediaCategory.Text,
        UnitKind.Pdf => MediaCategory.Pdf,
        UnitKind.Nifti => MediaCategory.Nifti,
        UnitKind.DicomSeries => MediaCategory.Dicom,
        _ => MediaCategory.Image,
    };

    /// <summary>The user-file dialect's name of the block that carries a file's metadata.</summary>
    private static string MetadataBlock(UnitKind kind) => kind switch
    {
        UnitKind.Video => "videoMetadata",
        UnitKind.Audio => "audioMetadata",
        UnitKind.Text => "textMetadata",
        UnitKind.Pdf => "pdfMetadata",
        UnitKind.DicomSeries => "dicomMetadata",
        _ => "imageMetadata",
    };

    private static string Describe(UnitKind kind) => kind switch
    {
        UnitKind.ImageGroup or UnitKind.ImageGroupFromItems => "image group",
        UnitKind.ImageSequence => "image sequence",
        UnitKind.DicomSeries => "DICOM series",
        UnitKind.Text => "text file",
        UnitKind.Pdf => "PDF",
        UnitKind.Nifti => "NIfTI volume",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private readonly record struct Probe(long? Size, string? MimeType, int? Width, int? Height);

    /// <summary>One unit failed: the message says what went wrong and what to do.</summary>
    private sealed class UnitFailure(string message) : Exception(message);
}
