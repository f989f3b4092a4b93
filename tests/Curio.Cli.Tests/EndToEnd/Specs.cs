namespace Curio.Cli.Tests.EndToEnd;

/// <summary>Upload files over the fixture's media folder.</summary>
internal static class Specs
{
    public const string Json = """
        {
          "images": [
            { "objectUrl": "images/testcard.png", "title": "testcard", "clientMetadata": { "split": "train" } },
            { "objectUrl": "images/rule110.png" }
          ],
          "videos": [ { "objectUrl": "video/testsrc.mp4" } ],
          "image_groups": [
            { "title": "walk", "objectUrl_0": "groups/walk/frame-0.jpg", "objectUrl_1": "groups/walk/frame-1.jpg" }
          ]
        }
        """;

    public const string Csv = "ObjectUrl,Image title\r\nimages/testcard.png,testcard (csv)\r\nimages/rule110.png,\r\n";

    /// <summary>One of its three files does not exist.</summary>
    public const string WithMissingFile = """
        { "images": [
            { "objectUrl": "images/testcard.png" },
            { "objectUrl": "images/missing.png" },
            { "objectUrl": "images/rule110.png" } ] }
        """;

    /// <summary>Images with their metadata given: nothing is read, so the server's pace (500/s) sets the time: about 10 s.</summary>
    public static string Big(int units = 5000) =>
        "{\"images\":[" + string.Join(",", Enumerable.Range(0, units).Select(i =>
            $$$"""{"objectUrl":"img/{{{i}}}.png","imageMetadata":{"width":8,"height":8,"mimeType":"image/png","fileSize":100}}""")) + "]}";
}
