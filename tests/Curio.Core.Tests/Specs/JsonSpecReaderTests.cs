using Curio.Core.Specs;
using static Curio.Core.Tests.Specs.SpecTestHelpers;

namespace Curio.Core.Tests.Specs;

public sealed class JsonSpecReaderTests
{
    [Fact]
    public void User_file_dialect_reads_every_type_in_file_order()
    {
        var (result, units) = Read("""
            {
              "videos": [ { "objectUrl": "https://b.s3.eu-west-2.amazonaws.com/a/b/v.mp4", "title": "front.mp4",
                            "clientMetadata": { "site": "Lyon", "night": false },
                            "videoMetadata": { "fps": 30, "duration": 61.5, "width": 1920, "height": 1080,
                                               "file_size": 48213377, "mime_type": "video/mp4" } } ],
              "images": [ { "objectUrl": "gs://stills/shots/0001.png",
                            "imageMetadata": { "mimeType": "image/png", "fileSize": 20480, "width": 640, "height": 480 } } ],
              "image_groups": [ { "title": "inspection-17", "createVideo": false,
                                  "objectUrl_1": "gs://stills/insp17/right.jpg",
                                  "objectUrl_0": "gs://stills/insp17/left.jpg",
                                  "clientMetadata": { "inspector": "kb" } },
                                { "title": "timelapse-3", "createVideo": true,
                                  "objectUrl_0": "gs://stills/tl3/000.jpg", "objectUrl_1": "gs://stills/tl3/001.jpg" } ],
              "dicom_series": [ { "title": "ct-0042", "objectUrl_0": "https://acme.blob.core.windows.net/d/a.dcm",
                                  "objectUrl_1": "https://acme.blob.core.windows.net/d/b.dcm" } ],
              "audio": [ { "objectUrl": "https://x/calls/c1.wav",
                           "audioMetadata": { "duration_seconds": 12.0, "file_size": 2116844, "mime_type": "audio/wav",
                                              "sample_rate": 44100, "bit_depth": 16, "codec": "pcm", "num_channels": 2 } } ],
              "text": [ { "objectUrl": "https://x/t.txt" } ],
              "pdf": [ { "objectUrl": "https://x/p.pdf", "pdfMetadata": { "numPages": 3, "fileSize": 10 } } ],
              "nifti": [ { "objectUrl": "https://x/brain.nii.gz" } ],
              "skip_duplicate_urls": true
            }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(SpecDialect.UserFile, result.Dialect);
        Assert.True(result.SkipDuplicateUrls);
        Assert.False(result.UpsertMetadata);
        Assert.Equal(9, result.UnitCount);
        Assert.Equal(12, result.UrlCount);
        Assert.Equal(
            [UnitKind.Video, UnitKind.Image, UnitKind.ImageGroup, UnitKind.ImageSequence, UnitKind.DicomSeries,
             UnitKind.Audio, UnitKind.Text, UnitKind.Pdf, UnitKind.Nifti],
            units.Select(u => u.Kind));
        Assert.Equal(Enumerable.Range(0, 9), units.Select(u => u.Index));

        var video = units[0];
        Assert.Equal("front.mp4", video.Title);
        Assert.Equal("""{"site":"Lyon","night":false}""", video.ClientMetadata);
        var vm = video.Objects[0].Metadata!;
        Assert.Equal((30d, 61.5, 1920, 1080, 48213377L, "video/mp4"), (vm.Fps, vm.Duration, vm.Width, vm.Height, vm.FileSize, vm.MimeType));
        Assert.Equal("$.videos[0]", video.Source);

        Assert.Equal("/shots/0001.png", units[1].Title);
        Assert.Equal(["gs://stills/insp17/left.jpg", "gs://stills/insp17/right.jpg"], units[2].Objects.Select(o => o.Url));
        Assert.True(units[3].CreateVideo);
        var audio = units[5].Objects[0].Metadata!;
        Assert.Equal((12.0, 44100, 16, "pcm", 2), (audio.Duration!.Value, audio.SampleRate!.Value, audio.BitDepth!.Value, audio.Codec, audio.NumChannels!.Value));
        Assert.Equal(3, units[7].Objects[0].Metadata!.NumPages);
    }

    [Fact]
    public void Typed_dialect_reads_arrays_of_frames_and_typed_flags()
    {
        var (result, units) = Read("""
            {
              "imageGroups": [ { "title": "g", "createVideo": false, "externalFileType": "IMG_GROUP", "clusterByResolution": true,
                                 "images": [ { "url": "s3://b/1.png", "title": "one", "imageMetadata": { "width": 2, "height": 3 } },
                                             { "url": "s3://b/2.png" } ] } ],
              "dicomSeries": [ { "title": "s", "externalFileType": "DICOM", "dicomFiles": [ { "url": "s3://b/1.dcm" } ] } ],
              "videos": [ { "objectUrl": "s3://b/v.mp4", "externalFileType": "VIDEO" } ],
              "imageGroupsFromItems": [ { "title": "fi", "imageItems": ["6f0c1a4e-0c5a-4d4e-9a3e-1d2c3b4a5f60"], "createVideo": true } ],
              "skipDuplicateUrls": true, "upsertMetadata": true
            }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(SpecDialect.Typed, result.Dialect);
        Assert.True(result.SkipDuplicateUrls && result.UpsertMetadata);
        Assert.Equal(["one", null], units[0].Objects.Select(o => o.Title));
        Assert.Equal(2, units[0].Objects[0].Metadata!.Width);
        Assert.True(units[0].ClusterByResolution);
        Assert.Equal(UnitKind.DicomSeries, units[1].Kind);
        Assert.Equal(UnitKind.ImageGroupFromItems, units[3].Kind);
        Assert.True(units[3].CreateVideo);
        Assert.Equal(Guid.Parse("6f0c1a4e-0c5a-4d4e-9a3e-1d2c3b4a5f60"), Assert.Single(units[3].ItemUuids));
    }

    [Fact]
    public void Duplicate_keys_keep_the_last_value_at_every_level()
    {
        var (result, units) = Read("""
            { "images": [ { "objectUrl": "a.png" } ],
              "images": [ { "objectUrl": "b.png", "objectUrl": "c.png",
                            "clientMetadata": { "k": 1, "k": 2, "a": { "x": 1, "x": 3 } } } ] }
            """);

        Assert.True(result.IsValid);
        var unit = Assert.Single(units);
        Assert.Equal("c.png", unit.Objects[0].Url);
        Assert.Equal("""{"a":{"x":3},"k":2}""", unit.ClientMetadata);
        Assert.Equal(0, unit.Index);
    }

    [Fact]
    public void Client_metadata_keys_are_ordered_as_jsonb_orders_them()
    {
        var (_, units) = Read("""{ "images": [ { "objectUrl": "a.png", "clientMetadata": { "bbb": 1, "a": [3, {"z": null, "y": true}], "cc": "é\"" } } ] }""");

        Assert.Equal("""{"a":[3,{"y":true,"z":null}],"cc":"é\"","bbb":1}""", units[0].ClientMetadata);
    }

    [Fact]
    public void Keys_match_in_any_spelling()
    {
        var (result, units) = Read("""{ "Images": [ { "object_url": "a.png", "Client_Metadata": {}, "IMAGE_METADATA": { "WIDTH": 5 } } ] }""");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("a.png", units[0].Objects[0].Url);
        Assert.Equal(5, units[0].Objects[0].Metadata!.Width);
    }

    [Fact]
    public void Unknown_keys_warn_with_a_suggestion_and_do_not_block()
    {
        var (result, units) = Read("""{ "image": [], "videos": [ { "objectUrl": "v.mp4", "colour": "red" } ] }""");

        Assert.True(result.IsValid);
        Assert.Single(units);
        Assert.Contains(result.Warnings, w => w.Path == "$.image" && w.Message.Contains("did you mean 'images'", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Path == "$.videos[0].colour");
    }

    [Fact]
    public void Units_are_not_handed_out_once_an_error_is_found()
    {
        var (result, units) = Read("""{ "images": [ { "objectUrl": "a.png" }, { "objectUrl": "b c.png" }, { "objectUrl": "d.png" } ] }""");

        Assert.False(result.IsValid);
        Assert.Equal(["a.png"], units.Select(u => u.Objects[0].Url));
        Assert.Equal("$.images[1].objectUrl", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void A_file_larger_than_the_read_buffer_streams_through()
    {
        var items = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $$$"""{"objectUrl":"https://h/{{{i}}}.png","clientMetadata":{"i":{{{i}}}}}"""));
        var (result, units) = Read($$"""{"images":[{{items}}]}""");

        Assert.True(result.IsValid);
        Assert.Equal(20_000, units.Count);
        Assert.Equal("""{"i":19999}""", units[^1].ClientMetadata);
    }
}
