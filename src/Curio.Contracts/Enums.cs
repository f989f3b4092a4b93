using System.Text.Json.Serialization;

namespace Curio.Contracts;

/// <summary>Encord's storage item types, with Encord's wire names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ItemType>))]
public enum ItemType
{
    /// <summary>A single video file.</summary>
    [JsonStringEnumMemberName("video")] Video = 1,

    /// <summary>A single image.</summary>
    [JsonStringEnumMemberName("image")] Image = 2,

    /// <summary>A data group (not created by imports).</summary>
    [JsonStringEnumMemberName("group")] Group = 3,

    /// <summary>An image group; its frames are child items.</summary>
    [JsonStringEnumMemberName("imageGroup")] ImageGroup = 4,

    /// <summary>An image sequence (an image group with <c>createVideo</c>); its frames are child items.</summary>
    [JsonStringEnumMemberName("imageSequence")] ImageSequence = 5,

    /// <summary>One file of a DICOM series.</summary>
    [JsonStringEnumMemberName("dicomFile")] DicomFile = 6,

    /// <summary>A DICOM series; its files are child items.</summary>
    [JsonStringEnumMemberName("dicomSeries")] DicomSeries = 7,

    /// <summary>An audio file.</summary>
    [JsonStringEnumMemberName("audio")] Audio = 8,

    /// <summary>A NIfTI volume.</summary>
    [JsonStringEnumMemberName("nifti")] Nifti = 9,

    /// <summary>A text file (plain text, HTML, JSON, XML, ...).</summary>
    [JsonStringEnumMemberName("plainText")] PlainText = 10,

    /// <summary>A PDF document.</summary>
    [JsonStringEnumMemberName("pdf")] Pdf = 11,

    /// <summary>A 3D scene (not created by imports).</summary>
    [JsonStringEnumMemberName("scene")] Scene = 12,
}

/// <summary>Where an import job stands. PENDING covers queued and running.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>Queued or running.</summary>
    [JsonStringEnumMemberName("PENDING")] Pending = 1,

    /// <summary>Finished; with ignoreErrors some units may have failed.</summary>
    [JsonStringEnumMemberName("DONE")] Done,

    /// <summary>Failed: an all-or-nothing job had a failed unit (nothing was registered), or the job could not run.</summary>
    [JsonStringEnumMemberName("ERROR")] Error,

    /// <summary>Cancelled; what was registered before the cancel stays.</summary>
    [JsonStringEnumMemberName("CANCELLED")] Cancelled,
}
