using System.Globalization;
using Curio.Connectors;
using Curio.Core.Importing;
using Curio.Core.Items;
using Curio.Core.Metadata;
using Curio.Core.Specs;
using Curio.Media;
using Curio.Media.Dicom;
using Curio.Server.Features.Metadata;
using Curio.Server.Hosting;
using Curio.Server.Jobs.Probing;
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
/// is not read (Encord's rule: the values are used as given). Any other object must exist, its real type (magic
/// bytes) must match the declared one, and <see cref="ObjectProber"/> measures it. A DICOM series is then checked as
/// a whole and ordered; an image sequence whose frames differ in size is split into one sequence per size.
/// </summary>
internal sealed class UnitProber(IStorage storage, ObjectProber prober, SchemaCache schemas, IOptions<CurioOptions> options, TimeProvider time)
{
    public static bool NeedsReading(SpecUnit unit) =>
        unit.Kind == UnitKind.ImageGroupFromItems || unit.Objects.Any(o => o.Metadata is null);

    public async ValueTask<UnitOutcome> ProcessAsync(SpecUnit unit, UnitContext context, CancellationToken cancellationToken)
    {
        try
        {
            await CheckMetadataAsync(unit, cancellationToken);
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

    /// <summary>A value for a schema key must conform; keys the schema does not name are stored as given.</summary>
    private async ValueTask CheckMetadataAsync(SpecUnit unit, CancellationToken cancellationToken)
    {
        if (unit.ClientMetadata is not { } metadata || metadata == "{}")
        {
            return;
        }

        var schema = await schemas.GetAsync(cancellationToken);
        // Without a schema only the shape of the $encord block (key frames, per-frame metadata) has rules.
        if (schema.Count == 0 && !metadata.Contains("\"$encord\"", StringComparison.Ordinal))
        {
            return;
        }

        var problems = MetadataValues.Check(schema, metadata).Problems;
        if (problems.Count > 0)
        {
            throw new UnitFailure($"clientMetadata does not match the metadata schema: {string.Join("; ", problems.Take(3).Select(p => p.Message))}"
                + (problems.Count > 3 ? $" ({problems.Count - 3} more)" : "") + ". Fix the values in the upload file, or change the keys' types in the schema.");
        }
    }

    private async ValueTask<UnitOutcome> FromObjectsAsync(SpecUnit unit, UnitContext context, CancellationToken cancellationToken)
    {
        var facts = new ObjectFacts[unit.Objects.Count];
        for (var i = 0; i < facts.Length; i++)
        {
            facts[i] = await ProbeAsync(unit.Objects[i], unit.Kind, context, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (!unit.Kind.IsGroup())
        {
            var item = ItemFor(unit.Objects[0], facts[0], unit.TopItemType(), unit.Title, now) with { ClientMetadata = unit.ClientMetadata };
            return new UnitSucceeded(unit.Index, item, [], DedupKey.ForFile(unit.Objects[0].Url), unit.ClientMetadata is not null);
        }

        var childType = unit.Kind.ChildItemType();
        var frames = unit.Objects.Select((o, i) => ItemFor(o, facts[i], childType, FrameTitle(o), now)).ToList();
        var dedupKey = DedupKey.ForGroup(unit.Objects.Select(o => o.Url).ToList());
        return unit.Kind == UnitKind.DicomSeries
            ? Series(unit, facts, frames, dedupKey, now)
            : Grouped(unit, frames, dedupKey, now);
    }

    /// <summary>
    /// A series read by the server is checked as a whole (Encord's rules, each problem naming the tag and the file)
    /// and its slices are ordered by position; a series whose headers came with the upload file is kept as given.
    /// </summary>
    private static UnitSucceeded Series(SpecUnit unit, ObjectFacts[] facts, List<NewItem> frames, byte[] dedupKey, DateTimeOffset now)
    {
        if (facts.All(f => f.Dicom is not null))
        {
            var files = unit.Objects.Select((o, i) => (Title: FrameTitle(o), Header: facts[i].Dicom!)).ToList();
            var problems = DicomSeriesValidator.Validate(files);
            if (problems.Count > 0)
            {
                var shown = string.Join(" ", problems.Take(3).Select(p => Sentence(p.Message)));
                throw new UnitFailure(shown + (problems.Count > 3 ? $" ({problems.Count - 3} more problems.)" : "")
                    + " Fix the files, or list them as separate series in the upload file.");
            }

            var order = DicomSeriesValidator.Order(files);
            var index = new Dictionary<DicomHeader, int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < files.Count; i++)
            {
                index[files[i].Header] = i;
            }

            frames = order.Files.Select(f => frames[index[f.Header]]).ToList();
        }

        var first = frames[0];
        var series = GroupItem(unit, unit.Title, frames, now) with
        {
            DicomStudyUid = first.DicomStudyUid,
            DicomSeriesUid = first.DicomSeriesUid,
            Width = first.Width,
            Height = first.Height,
            MimeType = "application/dicom",
        };
        return new UnitSucceeded(unit.Index, series, frames, dedupKey, unit.ClientMetadata is not null);
    }

    /// <summary>
    /// An image group keeps its frames as they are. An image sequence is a video of equal-size frames, so frames of
    /// several sizes make one sequence per size (Encord's documented behaviour), in order of each size's first frame;
    /// the sequences share the unit's duplicate key, so a re-run skips or updates them together.
    /// </summary>
    private static UnitSucceeded Grouped(SpecUnit unit, List<NewItem> frames, byte[] dedupKey, DateTimeOffset now)
    {
        var hasMetadata = unit.ClientMetadata is not null;
        var sizes = unit.CreateVideo ? frames.GroupBy(f => (f.Width, f.Height)).ToList() : null;
        if (sizes is not { Count: > 1 })
        {
            return new UnitSucceeded(unit.Index, GroupItem(unit, unit.Title, frames, now), frames, dedupKey, hasMetadata);
        }

        var groups = sizes.Select(g =>
        {
            var sequenceFrames = g.ToList();
            var title = string.Create(CultureInfo.InvariantCulture, $"{unit.Title} ({g.Key.Width?.ToString() ?? "?"}x{g.Key.Height?.ToString() ?? "?"})");
            return new NewGroup(GroupItem(unit, title, sequenceFrames, now), sequenceFrames);
        }).ToList();
        return new UnitSucceeded(unit.Index, groups[0].Item, groups[0].Frames, dedupKey, hasMetadata) { Siblings = groups[1..] };
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
            TechnicalMetadata = i.TechnicalMetadata,
            FileSize = i.FileSize,
            MimeType = i.MimeType,
            Width = i.Width,
            Height = i.Height,
        }).ToList();
        return Grouped(unit, frames, DedupKey.ForGroup(found.Select(i => i.Url ?? i.Uuid.ToString()).ToList()), now);
    }

    private async ValueTask<ObjectFacts> ProbeAsync(SpecObject obj, UnitKind kind, UnitContext context, CancellationToken cancellationToken)
    {
        var resolution = context.Source.Resolve(obj.Url);
        if (resolution.Location is not { } location)
        {
            throw new UnitFailure(Sentence(resolution.Error ?? $"{obj.Url} does not belong to the integration '{context.IntegrationName}'")
                + $" Use a URL the integration '{context.IntegrationName}' reads, or import the file through another integration.");
        }

        if (obj.Metadata is not null)
        {
            return ObjectFacts.NotRead;
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

            return await prober.ProbeAsync(new ObjectBytes(context.Source, location, head), expected, sniffed.MimeType, cancellationToken);
        }
        catch (ObjectSourceException ex)
        {
            throw new UnitFailure(Sentence(ex.Message) + " " + Remedy(ex.Kind));
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

    private static string FrameTitle(SpecObject obj) => obj.Title ?? SpecRules.DefaultTitle(obj.Url);

    /// <summary>What the upload file gave wins (Encord uses it as is); the rest is what the server measured.</summary>
    private static NewItem ItemFor(SpecObject obj, ObjectFacts facts, ItemType type, string name, DateTimeOffset now)
    {
        var m = obj.Metadata;
        var tags = m is not null && type == ItemType.DicomFile ? DicomMetadataTags.Read(m.Json) : default;
        var dicom = facts.Dicom;
        return new NewItem
        {
            Uuid = Guid.CreateVersion7(now),
            Type = type,
            Name = name,
            Url = obj.Url,
            MediaMetadata = m?.Json,
            TechnicalMetadata = facts.Technical?.ToJsonString(),
            FileSize = m?.FileSize ?? facts.Size,
            MimeType = m?.MimeType ?? facts.MimeType,
            Width = m?.Width ?? facts.Width ?? tags.Columns,
            Height = m?.Height ?? facts.Height ?? tags.Rows,
            Duration = m?.Duration ?? facts.Duration,
            Fps = m?.Fps ?? facts.Fps,
            FrameCount = m is { Fps: { } fps, Duration: { } duration } ? (long)Math.Round(fps * duration) : facts.FrameCount,
            NumPages = m?.NumPages ?? facts.NumPages,
            AudioSampleRate = m?.SampleRate ?? facts.SampleRate,
            AudioBitDepth = m?.BitDepth ?? facts.BitDepth,
            AudioCodec = m?.Codec ?? facts.AudioCodec,
            AudioNumChannels = m?.NumChannels ?? facts.Channels,
            DicomInstanceUid = dicom?.SopInstanceUid ?? tags.SopInstanceUid,
            DicomStudyUid = dicom?.StudyInstanceUid ?? tags.StudyInstanceUid,
            DicomSeriesUid = dicom?.SeriesInstanceUid ?? tags.SeriesInstanceUid,
        };
    }

    private static NewItem GroupItem(SpecUnit unit, string title, List<NewItem> frames, DateTimeOffset now)
    {
        var sequence = unit.CreateVideo;
        return new NewItem
        {
            Uuid = Guid.CreateVersion7(now),
            Type = unit.TopItemType(),
            Name = title,
            ClientMetadata = unit.ClientMetadata,
            FrameCount = unit.Kind == UnitKind.DicomSeries ? null : frames.Count,
            // A sequence is a video of its frames' size; a group's frames may differ.
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
}
