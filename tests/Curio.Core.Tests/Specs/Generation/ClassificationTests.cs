using Curio.Core.Specs.Generation;

namespace Curio.Core.Tests.Specs.Generation;

public sealed class ClassificationTests
{
    [Theory]
    [InlineData("v/a.mp4", FileKind.Video)]
    [InlineData("v/a.MOV", FileKind.Video)]
    [InlineData("a.webm", FileKind.Video)]
    [InlineData("a.mkv", FileKind.Video)]
    [InlineData("a.avi", FileKind.Video)]
    [InlineData("a.m4v", FileKind.Video)]
    [InlineData("i/a.jpg", FileKind.Image)]
    [InlineData("i/a.JPEG", FileKind.Image)]
    [InlineData("a.png", FileKind.Image)]
    [InlineData("a.webp", FileKind.Image)]
    [InlineData("a.avif", FileKind.Image)]
    [InlineData("a.bmp", FileKind.Image)]
    [InlineData("a.tif", FileKind.Image)]
    [InlineData("a.TIFF", FileKind.Image)]
    [InlineData("a.gif", FileKind.Image)]
    [InlineData("a.mp3", FileKind.Audio)]
    [InlineData("a.wav", FileKind.Audio)]
    [InlineData("a.flac", FileKind.Audio)]
    [InlineData("a.ogg", FileKind.Audio)]
    [InlineData("a.m4a", FileKind.Audio)]
    [InlineData("a.aac", FileKind.Audio)]
    [InlineData("ct/1/slice.DCM", FileKind.Dicom)]
    [InlineData("a.txt", FileKind.Text)]
    [InlineData("a.md", FileKind.Text)]
    [InlineData("a.html", FileKind.Text)]
    [InlineData("a.HTM", FileKind.Text)]
    [InlineData("a.pdf", FileKind.Pdf)]
    [InlineData("a.nii", FileKind.Nifti)]
    [InlineData("brain/a.nii.gz", FileKind.Nifti)]
    [InlineData("brain/a.NII.GZ", FileKind.Nifti)]
    [InlineData("folder.png/a.mp4", FileKind.Video)]
    public void Known_extensions_give_their_kind_in_any_case(string key, FileKind kind) =>
        Assert.Equal(kind, FileClassifier.Classify(key));

    [Theory]
    [InlineData("ct/0001/IM0001")]          // DICOM files without an extension are not guessed
    [InlineData("upload.json")]             // an upload file next to the media must not be swallowed as text
    [InlineData("labels.csv")]
    [InlineData("meta.xml")]
    [InlineData("a.png.metadata.json")]
    [InlineData("archive.gz")]
    [InlineData(".nii.gz")]
    [InlineData("dir/.png")]                // a dot-file has no extension
    [InlineData("dir.png/")]                // a folder marker
    [InlineData("a.")]
    [InlineData("")]
    [InlineData("a.jpg.tmp")]
    public void Other_names_are_not_recognised(string key) => Assert.Null(FileClassifier.Classify(key));

    [Theory]
    [InlineData("auto", null)]
    [InlineData("AUTO", null)]
    [InlineData("images", FileKind.Image)]
    [InlineData("Videos", FileKind.Video)]
    [InlineData("audio", FileKind.Audio)]
    [InlineData("dicom", FileKind.Dicom)]
    [InlineData("text", FileKind.Text)]
    [InlineData("pdf", FileKind.Pdf)]
    [InlineData("nifti", FileKind.Nifti)]
    public void Type_filters_name_one_kind_or_every_kind(string value, FileKind? kind)
    {
        Assert.True(FileKinds.TryParseFilter(value, out var parsed));
        Assert.Equal(kind, parsed);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("video")]
    [InlineData("all")]
    [InlineData("")]
    public void Other_type_filters_are_refused(string value) => Assert.False(FileKinds.TryParseFilter(value, out _));
}
