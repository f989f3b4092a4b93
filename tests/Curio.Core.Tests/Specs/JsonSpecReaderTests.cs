using System.Text;
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

    [Theory]
    [InlineData(new byte[] { 0xFF }, "im", SpecErrorCodes.JsonSyntax, 5)]
    [InlineData(new byte[] { 0xC0, 0xAF }, "a", SpecErrorCodes.JsonSyntax, 47)]
    [InlineData(new byte[] { 0xE2, 0x82 }, "a", SpecErrorCodes.JsonSyntax, 47)]
    public void Bytes_that_are_not_utf8_are_refused_at_their_place_wherever_they_are(byte[] bad, string where, string code, int column)
    {
        // Before, these threw from deep inside the reader, or passed unnoticed inside an ignored key.
        byte[] file = where == "im"
            ? [.. "{\"im"u8, .. bad, .. "ages\": []}"u8]
            : [.. "{\"images\": [{\"objectUrl\": \"s3://b/\", \"note\": \""u8, .. bad, .. "\"}]}"u8];

        var error = SingleError(file);

        Assert.Equal((code, 1, column), (error.Code, error.Line, error.Column));
    }

    [Theory]
    [InlineData("""{"images": [{"objectUrl": "s3://b/a.png", "title": "\ud83d"}]}""", 53)]
    [InlineData("""{"images": [{"objectUrl": "s3://b/a.png", "title": "x\udc00"}]}""", 54)]
    [InlineData("""{"images": [{"objectUrl": "s3://b/a.png", "clientMetadata": {"k": "\u0000"}}]}""", 68)]
    [InlineData("""{"images": [{"objectUrl": "s3://b/a.png", "clientMetadata": {"\u0000": 1}}]}""", 63)]
    public void Strings_no_backend_can_store_are_refused_at_their_place(string json, int column)
    {
        var error = SingleError(json);

        Assert.Equal((SpecErrorCodes.InvalidValue, 1, column), (error.Code, error.Line, error.Column));
    }

    [Fact]
    public void A_surrogate_pair_written_as_escapes_is_one_character()
    {
        var (result, units) = Read("""{"images": [{"objectUrl": "s3://b/a.png", "title": "\ud83c\udf9e\\ud800"}]}""");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("🎞\\ud800", units[0].Title);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t\r\n")]
    [InlineData("\uFEFF")]
    public void An_empty_file_is_called_empty(string text)
    {
        var error = SingleError(text, SpecFormat.Json);

        Assert.Equal((SpecErrorCodes.NotAnObject, "$"), (error.Code, error.Path));
        Assert.StartsWith("The file is empty.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"images": [{"objectUrl": "a"},]}""", "Remove that comma.")]
    [InlineData("""{"images": [{"objectUrl": "a"}""", "Upload the complete file")]
    [InlineData("{\"images\": []} 1", "remove everything after its closing }")]
    [InlineData("{\"images\": [], // ours\n}", "JSON has no comments")]
    public void Syntax_errors_are_explained_without_the_parser_s_vocabulary(string json, string explanation)
    {
        var error = SingleError(json);

        Assert.Equal(SpecErrorCodes.JsonSyntax, error.Code);
        Assert.Contains(explanation, error.Message, StringComparison.Ordinal);
        MessageRules.AssertHelpful(error.Message);
    }

    [Fact]
    public void Syntax_error_columns_count_characters_not_bytes()
    {
        var error = SingleError("""{"images": [{"title": "café ☕", "objectUrl": "a",}]}""");

        Assert.Equal((1, 50), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("""{"images": [{"objectUrl": "a"}], "upsert_metadata": true}""", "$.upsert_metadata")]
    [InlineData("""{"images": [{"objectUrl": "a"}], "skip_duplicate_urls": true, "upsert_metadata": true, "skip_duplicate_urls": false}""", "$.upsert_metadata")]
    [InlineData("""{"images": [{"objectUrl": "a"}], "skipDuplicateUrls": "yes"}""", "$.skipDuplicateUrls")]
    public void A_refusal_caused_by_the_flags_comes_before_any_unit_is_handed_out(string json, string path)
    {
        var error = SingleError(json);

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Earlier_duplicates_are_passed_over_unread_at_every_level()
    {
        var (result, units) = Read("""
            { "images": [ { "objectUrl": 5, "objectUrl": "s3://b/a.png", "title": {}, "title": "a",
                            "clientMetadata": [], "clientMetadata": { "k": 1 },
                            "imageMetadata": { "width": 0, "width": 640, "file_size": -1, "fileSize": 7 } } ],
              "imageGroups": [ { "title": "g", "createVideo": "x", "createVideo": true,
                                 "images": [ { "url": "bad url", "url": "s3://b/1.png" } ] } ],
              "dicomSeries": [ { "title": "s", "dicomFiles": [ { "url": "s3://b/1.dcm",
                                 "dicomMetadata": { "tags": {}, "tags": {{{Tags}}} } } ] } ] }
            """.Replace("{{{Tags}}}", "{" + string.Join(",", DicomTags.Required.Select(t => $"\"{t}\": null")) + "}", StringComparison.Ordinal));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal((640, 7L), (units[0].Objects[0].Metadata!.Width!.Value, units[0].Objects[0].Metadata!.FileSize!.Value));
        Assert.Equal("""{"k":1}""", units[0].ClientMetadata);
        Assert.Equal(UnitKind.ImageSequence, units[1].Kind);
        Assert.Equal("s3://b/1.png", units[1].Objects[0].Url);
    }

    [Fact]
    public void A_url_or_title_of_the_wrong_type_is_one_error_not_also_a_missing_one()
    {
        var (result, _) = Read("""{"videos": [{"objectUrl": 12}], "imageGroups": [{"title": 3, "images": [{"url": []}]}]}""");

        Assert.Equal(
            [(SpecErrorCodes.InvalidType, "$.videos[0].objectUrl"), (SpecErrorCodes.InvalidType, "$.imageGroups[0].title"),
             (SpecErrorCodes.InvalidType, "$.imageGroups[0].images[0].url")],
            result.Errors.Select(e => (e.Code, e.Path)));
    }

    [Fact]
    public void Spellings_of_one_key_are_duplicates_of_it_so_the_last_wins()
    {
        var (result, units) = Read("""{"image_groups": [{"title": "a", "objectUrl_0": "s3://b/1.png"}], "imageGroups": [{"title": "b", "images": [{"url": "s3://b/2.png"}]}]}""");

        Assert.True(result.IsValid);
        Assert.Equal("b", Assert.Single(units).Title);
    }

    [Theory]
    [InlineData("""{"width": "1920"}""", SpecErrorCodes.InvalidType, "not a string (\"1920\"). Write the number without quotes.")]
    [InlineData("""{"mimeType": ""}""", SpecErrorCodes.InvalidValue, "it is \"\".")]
    [InlineData("""{"fileSize": 9007199254740993}""", null, null)]
    [InlineData("""{"fileSize": 1e3}""", null, null)]
    [InlineData("""{"height": 1e12}""", SpecErrorCodes.InvalidValue, "it is 1e12.")]
    public void Media_metadata_values_of_the_wrong_type_or_range_say_which(string block, string? code, string? shown)
    {
        var (result, units) = Read($$"""{"images": [{"objectUrl": "s3://b/a.png", "imageMetadata": {{block}}}]}""");

        if (code is null)
        {
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Contains(units[0].Objects[0].Metadata!.FileSize, new long?[] { 9007199254740993, 1000 });
            return;
        }

        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Contains(shown!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_inside_items_frames_and_metadata_suggest_the_closest_key()
    {
        var (result, _) = Read("""
            { "videos": [ { "objectUrl": "s3://b/v.mp4", "titel": "x", "clientMetdata": {}, "videoMetadata": { "fsp": 30, "mime": "x" } } ],
              "imageGroups": [ { "title": "h", "images": [ { "url": "s3://b/1.png", "imageMetdata": {} } ] } ],
              "dicom_series": [ { "title": "s", "objetUrl_3": "s3://b/3.dcm", "objectUrl_0": "s3://b/1.dcm", "createVideo": true } ] }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(
            [
                "$.videos[0].titel: 'title'", "$.videos[0].clientMetdata: 'clientMetadata'", "$.videos[0].videoMetadata.fsp: 'fps'",
                "$.videos[0].videoMetadata.mime: -", "$.imageGroups[0].images[0].imageMetdata: 'imageMetadata'",
                "$.dicom_series[0].objetUrl_3: 'objectUrl_3'", "$.dicom_series[0].createVideo: -",
            ],
            result.Warnings.Select(w => $"{w.Path}: {(w.Message.IndexOf("did you mean ", StringComparison.Ordinal) is var at and >= 0 ? w.Message[(at + 13)..^1] : "-")}"));
    }

    [Fact]
    public void A_stream_that_returns_a_byte_at_a_time_reads_like_any_other()
    {
        // The reader used to take the first read's length as the whole start of the file: a BOM split over reads
        // became a syntax error.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"images": [{"objectUrl": "s3://b/a.png", "clientMetadata": {"k": "é"}}]}""")).ToArray();
        var units = new List<SpecUnit>();

        var result = SpecReader.Read(new TrickleStream(bytes), new SpecReadOptions { Format = SpecFormat.Json }, units.Add);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("""{"k":"é"}""", Assert.Single(units).ClientMetadata);
    }

    [Fact]
    public void Metadata_within_the_limit_passes_however_long_the_file_spells_it()
    {
        // Python's json.dump writes every non-ASCII character as a six-byte \u escape: 3.4 million of them take
        // 20 MB of the file but 10.2 MB once stored, within the 10 MB (10,485,760 byte) limit.
        var text = new StringBuilder("{\"images\": [{\"objectUrl\": \"s3://b/a.png\", \"clientMetadata\": {\"t\": \"");
        for (var i = 0; i < 3_400_000; i++)
        {
            text.Append("\\u65e5");
        }

        var (result, units) = Read(Encoding.UTF8.GetBytes(text.Append("\"}}]}").ToString()));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(8 + (3 * 3_400_000), Encoding.UTF8.GetByteCount(units[0].ClientMetadata!));
    }

    [Theory]
    [InlineData("s3://b/a\u007f.png", "a control character (U+007F) at character 9")]
    [InlineData("s3://b/a\u0085.png", "whitespace (U+0085) at character 9")]
    [InlineData("s3://b/a b.png", "a space at character 9")]
    public void A_url_names_the_character_it_may_not_hold(string url, string what)
    {
        var error = SingleError($$"""{"images": [{"objectUrl": "{{url}}"}]}""");

        Assert.Equal(SpecErrorCodes.UrlWhitespace, error.Code);
        Assert.Contains("objectUrl contains " + what + ";", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_number_too_large_to_read_is_not_suggested_as_itself()
    {
        var (result, _) = Read("""{"image_groups": [{"title": "g", "objectUrl_0": "s3://b/0.png", "objectUrl_99999999999": "s3://b/1.png"}]}""");

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("Unknown key 'objectUrl_99999999999' is ignored.", warning.Message);
    }

    [Fact]
    public void The_flags_are_reported_before_the_first_unit_even_when_they_come_last_in_the_file()
    {
        var events = new List<string>();
        using var stream = new MemoryStream("""{ "images": [ { "objectUrl": "a.png" } ], "upsert_metadata": true, "skip_duplicate_urls": true }"""u8.ToArray());

        SpecReader.Read(stream, new SpecReadOptions { OnFlags = f => events.Add($"flags {f.SkipDuplicateUrls} {f.UpsertMetadata}") }, u => events.Add("unit"));

        Assert.Equal(["flags True True", "unit"], events);
    }

    [Fact]
    public void Flags_in_error_are_never_reported()
    {
        var reported = false;
        using var stream = new MemoryStream("""{ "images": [ { "objectUrl": "a.png" } ], "upsert_metadata": true }"""u8.ToArray());

        var result = SpecReader.Read(stream, new SpecReadOptions { OnFlags = _ => reported = true });

        Assert.False(reported);
        Assert.Equal(SpecErrorCodes.UpsertWithoutSkip, Assert.Single(result.Errors).Code);
    }
}
