using System.Globalization;
using System.Text;

namespace Curio.Benchmarks;

/// <summary>
/// The values of the filter benchmark's ten typed keys for every item, drawn from a seeded generator so that the Curio
/// import and the hand-written table hold the same values, and the schema that types them.
/// </summary>
internal sealed class FilterData
{
    public static readonly string[] Cameras = ["front", "rear", "left", "right", "top", "bottom", "wide", "tele"];
    public static readonly string[] Weathers = ["clear", "cloudy", "rain", "snow", "fog"];
    public const int Sites = 1000;
    public const int Operators = 50;

    public const string Schema = """
        {"camera":{"ty":"enum","values":["front","rear","left","right","top","bottom","wide","tele"]},
         "weather":{"ty":"enum","values":["clear","cloudy","rain","snow","fog"]},
         "score":{"ty":"variant","hint":"number"},"depth":{"ty":"variant","hint":"number"},
         "captured_at":{"ty":"variant","hint":"datetime"},"site":{"ty":"variant","hint":"varchar"},
         "operator":{"ty":"variant","hint":"varchar"},"flag":{"ty":"variant","hint":"boolean"},
         "id":{"ty":"variant","hint":"uuid"},"notes":{"ty":"variant","hint":"text"}}
        """;

    private static readonly DateTimeOffset YearStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly byte[] _camera;
    private readonly byte[] _weather;
    private readonly double[] _score;
    private readonly double[] _depth;
    private readonly int[] _capturedSecond;
    private readonly short[] _site;
    private readonly byte[] _operator;
    private readonly bool[] _flag;
    private readonly Guid[] _id;

    public FilterData(int count, int seed)
    {
        Count = count;
        var random = new Random(seed);
        (_camera, _weather, _score, _depth) = (new byte[count], new byte[count], new double[count], new double[count]);
        (_capturedSecond, _site, _operator, _flag, _id) = (new int[count], new short[count], new byte[count], new bool[count], new Guid[count]);
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            _camera[i] = (byte)random.Next(Cameras.Length);
            _weather[i] = (byte)random.Next(Weathers.Length);
            // Two decimals, so "between 40 and 41" takes about 1% of the items.
            _score[i] = Math.Round(random.NextDouble() * 100, 2);
            _depth[i] = Math.Round(random.NextDouble() * random.NextDouble() * 80, 3);
            _capturedSecond[i] = random.Next(366 * 86400);
            _site[i] = (short)random.Next(Sites);
            _operator[i] = (byte)random.Next(Operators);
            _flag[i] = random.Next(2) == 1;
            random.NextBytes(bytes);
            _id[i] = new Guid(bytes);
        }
    }

    public int Count { get; }

    public string Camera(int i) => Cameras[_camera[i]];

    public string Weather(int i) => Weathers[_weather[i]];

    public double Score(int i) => _score[i];

    public double Depth(int i) => _depth[i];

    public DateTimeOffset CapturedAt(int i) => YearStart.AddSeconds(_capturedSecond[i]);

    public string Site(int i) => SiteName(_site[i]);

    public static string SiteName(int site) => $"site-{site:D4}";

    public string Operator(int i) => $"operator-{_operator[i]:D2}";

    public bool Flag(int i) => _flag[i];

    public Guid Id(int i) => _id[i];

    public string Notes(int i) => $"run {i / 1000} frame {i % 1000}: {Weather(i)} at {Site(i)}, checked by {Operator(i)}";

    /// <summary>Item <paramref name="i"/>'s clientMetadata object, written as JSON (with <paramref name="salt"/> varying the score for updates).</summary>
    public void WriteMetadata(StringBuilder json, int i, int salt = 0)
    {
        var score = salt == 0 ? Score(i) : Math.Round((Score(i) + salt * 7.31) % 100, 2);
        json.Append(CultureInfo.InvariantCulture,
            $"{{\"camera\":\"{Camera(i)}\",\"weather\":\"{Weather(i)}\",\"score\":{score},\"depth\":{Depth(i)},")
            .Append(CultureInfo.InvariantCulture, $"\"captured_at\":\"{CapturedAt(i):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"site\":\"{Site(i)}\",")
            .Append(CultureInfo.InvariantCulture, $"\"operator\":\"{Operator(i)}\",\"flag\":{(Flag(i) ? "true" : "false")},\"id\":\"{Id(i)}\",\"notes\":\"{Notes(i)}\"}}");
    }

    /// <summary>An upload file of images <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1, with media metadata supplied so no object is read.</summary>
    public async Task WriteSpecAsync(string path, int first, int count)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteAsync("{\"images\":[");
        var entry = new StringBuilder(1024);
        for (var i = first; i < first + count; i++)
        {
            entry.Clear().Append(i == first ? "" : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"objectUrl\":\"{Url(i)}\",\"clientMetadata\":");
            WriteMetadata(entry, i);
            entry.Append(CultureInfo.InvariantCulture, $",\"imageMetadata\":{{\"mimeType\":\"image/jpeg\",\"fileSize\":{40000 + (i % 5000)},\"width\":1280,\"height\":720}}}}");
            await writer.WriteAsync(entry);
        }

        await writer.WriteAsync("]}");
    }

    public static string Url(int i) => $"datasets/run-{i / 10000:D3}/img-{i:D7}.jpg";

    /// <summary>The generated index back from an item's URL (<see cref="Url"/>).</summary>
    public static int IndexOf(string url)
    {
        var start = url.LastIndexOf("img-", StringComparison.Ordinal) + 4;
        return int.Parse(url.AsSpan(start, 7), CultureInfo.InvariantCulture);
    }
}
