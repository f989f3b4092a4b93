using Curio.Connectors.Azure;

namespace Curio.Connectors.Tests.Azure;

/// <summary>URL forms, refusals and listing URLs; pure, no emulator.</summary>
public sealed class AzureUrlsTests
{
    private static readonly Dictionary<string, AzureAccount> Accounts = new(StringComparer.Ordinal)
    {
        ["public"] = new("https://myaccount.blob.core.windows.net", "myaccount", null),
        ["azurite"] = new("http://127.0.0.1:10000/devstoreaccount1", "devstoreaccount1", null),
        ["photos-only"] = new("https://myaccount.blob.core.windows.net", "myaccount", "photos"),
        ["custom-domain"] = new("https://files.example.com", "myaccount", null),
        ["unknown-account"] = new("https://files.example.com", null, null),
        ["dns-zone"] = new("https://myaccount.z12.blob.storage.azure.net", "myaccount", null),
    };

    [Theory]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/a.jpg", "photos/a.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/dir/sub/a.jpg", "photos/dir/sub/a.jpg")]
    [InlineData("public", "http://myaccount.blob.core.windows.net/photos/a.jpg", "photos/a.jpg")]
    [InlineData("public", "https://MyAccount.Blob.Core.Windows.NET/photos/a.jpg", "photos/a.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net:443/photos/a.jpg", "photos/a.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/a%20b.jpg", "photos/a b.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/100%25.jpg", "photos/100%.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/a+b.jpg", "photos/a+b.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/%C3%BCml%C3%A4ut.jpg", "photos/ümläut.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/a%2Fb.jpg", "photos/a/b.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/q%3F%23.jpg", "photos/q?#.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/a.jpg?sv=2025-01-05&sp=r&sig=abc%3D", "photos/a.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/$root/a.jpg", "$root/a.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/a..b/.c/d./a.jpg", "photos/a..b/.c/d./a.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/a//b.jpg", "photos/a//b.jpg")]
    [InlineData("public", "az://photos/a.jpg", "photos/a.jpg")]
    [InlineData("public", "AZ://photos/a.jpg", "photos/a.jpg")]
    [InlineData("public", "az://photos/dir/a%20b%25.jpg", "photos/dir/a b%.jpg")]
    [InlineData("public", "az://photos/a.jpg?ignored=1", "photos/a.jpg")]
    [InlineData("azurite", "http://127.0.0.1:10000/devstoreaccount1/photos/a.jpg", "photos/a.jpg")]
    [InlineData("azurite", "http://127.0.0.1:10000/devstoreaccount1/photos/a%20b/c.jpg", "photos/a b/c.jpg")]
    [InlineData("azurite", "http://127.0.0.1:10000/DevStoreAccount1/photos/a.jpg", "photos/a.jpg")]
    [InlineData("azurite", "https://127.0.0.1:10000/devstoreaccount1/photos/a.jpg", "photos/a.jpg")]
    [InlineData("azurite", "https://devstoreaccount1.blob.core.windows.net/photos/a.jpg", "photos/a.jpg")]
    [InlineData("azurite", "az://photos/a.jpg", "photos/a.jpg")]
    [InlineData("photos-only", "az://photos/a.jpg", "photos/a.jpg")]
    [InlineData("photos-only", "https://myaccount.blob.core.windows.net/photos/a.jpg", "photos/a.jpg")]
    [InlineData("custom-domain", "https://files.example.com/photos/a.jpg", "photos/a.jpg")]
    [InlineData("custom-domain", "https://myaccount.blob.core.windows.net/photos/a.jpg", "photos/a.jpg")]
    [InlineData("unknown-account", "https://files.example.com/photos/a.jpg", "photos/a.jpg")]
    [InlineData("dns-zone", "https://myaccount.z12.blob.storage.azure.net/photos/a.jpg", "photos/a.jpg")]
    [InlineData("dns-zone", "https://myaccount.blob.core.windows.net/photos/a.jpg", "photos/a.jpg")]
    public void Accepted_forms_resolve_to_container_and_decoded_blob_name(string account, string url, string key)
    {
        var resolution = AzureUrls.Resolve(Accounts[account], url);

        Assert.Null(resolution.Error);
        Assert.Equal(new ObjectLocation(url, key), resolution.Location);
    }

    [Theory]
    [InlineData("public", "https://other.blob.core.windows.net/photos/a.jpg", "'other'", "storage account 'myaccount'")]
    [InlineData("public", "https://other.z12.blob.storage.azure.net/photos/a.jpg", "'other'", "storage account 'myaccount'")]
    [InlineData("azurite", "http://127.0.0.1:10000/otheraccount/photos/a.jpg", "'otheraccount'", "storage account 'devstoreaccount1'")]
    [InlineData("azurite", "https://myaccount.blob.core.windows.net/photos/a.jpg", "'myaccount'", "storage account 'devstoreaccount1'")]
    [InlineData("custom-domain", "https://other.blob.core.windows.net/photos/a.jpg", "'other'", "storage account 'myaccount'")]
    [InlineData("unknown-account", "https://someone.blob.core.windows.net/photos/a.jpg", "'someone'", "the storage account at https://files.example.com")]
    public void Another_accounts_url_is_refused_naming_both_accounts(string account, string url, string urlAccount, string ours)
    {
        var error = AzureUrls.Resolve(Accounts[account], url).Error;

        Assert.NotNull(error);
        Assert.StartsWith(url + " is in storage account " + urlAccount, error, StringComparison.Ordinal);
        Assert.Contains("this integration reads " + ours, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://photos/a.jpg")]
    [InlineData("gs://photos/a.jpg")]
    [InlineData("https://photos.s3.amazonaws.com/a.jpg")]
    [InlineData("https://storage.googleapis.com/photos/a.jpg")]
    [InlineData("https://example.com/photos/a.jpg")]
    [InlineData("https://myaccount.blob.core.chinacloudapi.cn/photos/a.jpg")]
    [InlineData("https://user@myaccount.blob.core.windows.net/photos/a.jpg")]
    [InlineData("ftp://myaccount.blob.core.windows.net/photos/a.jpg")]
    [InlineData("file:///photos/a.jpg")]
    [InlineData("/photos/a.jpg")]
    [InlineData("photos/a.jpg")]
    [InlineData("https:/myaccount.blob.core.windows.net/photos/a.jpg")]
    public void Urls_of_other_providers_and_hosts_are_refused_with_the_forms_this_integration_reads(string url)
    {
        var error = AzureUrls.Resolve(Accounts["public"], url).Error;

        Assert.Equal(
            $"{url} is not a blob URL of this azure integration; it reads az://<container>/<blob> or https://myaccount.blob.core.windows.net/<container>/<blob>",
            error);
    }

    [Fact]
    public void Refusals_for_a_path_style_endpoint_also_offer_the_public_cloud_form()
    {
        var error = AzureUrls.Resolve(Accounts["azurite"], "s3://photos/a.jpg").Error;

        Assert.Equal(
            "s3://photos/a.jpg is not a blob URL of this azure integration; it reads az://<container>/<blob> or "
            + "http://127.0.0.1:10000/devstoreaccount1/<container>/<blob> or https://devstoreaccount1.blob.core.windows.net/<container>/<blob>",
            error);
    }

    [Theory]
    [InlineData("az://videos/a.jpg", "videos")]
    [InlineData("https://myaccount.blob.core.windows.net/videos/a.jpg", "videos")]
    [InlineData("az://photos2/a.jpg", "photos2")]
    public void Another_container_is_refused_when_the_integration_reads_one(string url, string container)
    {
        var error = AzureUrls.Resolve(Accounts["photos-only"], url).Error;

        Assert.Equal(
            $"{url} is in the container '{container}', but this integration reads only the container 'photos' of storage account 'myaccount'",
            error);
    }

    [Theory]
    [InlineData("az://photos")]
    [InlineData("az://photos/")]
    [InlineData("az://photos?x=1")]
    [InlineData("az://photos/?x=1")]
    [InlineData("https://myaccount.blob.core.windows.net/photos")]
    [InlineData("https://myaccount.blob.core.windows.net/photos/")]
    [InlineData("https://myaccount.blob.core.windows.net/photos/?sig=x")]
    public void A_url_without_a_blob_name_is_refused(string url)
    {
        var error = AzureUrls.Resolve(Accounts["public"], url).Error;

        Assert.NotNull(error);
        Assert.StartsWith($"{url} names the container 'photos' but no blob in it", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public", "az://")]
    [InlineData("public", "az:///a.jpg")]
    [InlineData("public", "https://myaccount.blob.core.windows.net")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/")]
    [InlineData("azurite", "http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("azurite", "http://127.0.0.1:10000/devstoreaccount1/")]
    public void A_url_without_a_container_is_refused(string account, string url)
    {
        var error = AzureUrls.Resolve(Accounts[account], url).Error;

        Assert.NotNull(error);
        Assert.StartsWith($"{url} names no container", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("az://photos-only/../videos/secret.jpg", "../videos/secret.jpg")]
    [InlineData("az://photos-only/a/%2E%2E/%2E%2E/videos/secret.jpg", "a/../../videos/secret.jpg")]
    [InlineData("https://myaccount.blob.core.windows.net/photos-only/./a.jpg", "./a.jpg")]
    [InlineData("az://photos-only/a/..", "a/..")]
    public void Dot_segments_are_refused_because_clients_collapse_them_out_of_the_container(string url, string blob)
    {
        var account = Accounts["public"] with { Container = "photos-only" };

        var error = AzureUrls.Resolve(account, url).Error;

        Assert.Equal($"{url} names the blob '{blob}', which has a '.' or '..' segment; HTTP clients collapse those, so it cannot be read as named", error);
    }

    [Theory]
    [InlineData("az://photos/dir/", "dir/")]
    [InlineData("az://photos/a/b//", "a/b//")]
    public void A_blob_name_ending_in_a_slash_is_refused_as_a_folder(string url, string blob) =>
        Assert.Equal(
            $"{url} names the blob '{blob}', which ends in '/': a folder marker, not a blob",
            AzureUrls.Resolve(Accounts["public"], url).Error);

    [Theory]
    [InlineData("az://Photos/a.jpg", "Photos")]
    [InlineData("az://my_photos/a.jpg", "my_photos")]
    [InlineData("az://ab/a.jpg", "ab")]
    [InlineData("az://-photos/a.jpg", "-photos")]
    [InlineData("az://pho--tos/a.jpg", "pho--tos")]
    [InlineData("az://a%2Fb/c.jpg", "a/b")]
    public void A_url_with_an_invalid_container_name_is_refused(string url, string container)
    {
        var error = AzureUrls.Resolve(Accounts["public"], url).Error;

        Assert.NotNull(error);
        Assert.StartsWith($"{url} names the container '{container}', which is not a container name", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("az://photos/a#1.jpg")]
    [InlineData("https://myaccount.blob.core.windows.net/photos/a.jpg#top")]
    public void A_fragment_is_refused_rather_than_dropped(string url)
    {
        var error = AzureUrls.Resolve(Accounts["public"], url).Error;

        Assert.Equal($"{url} has a fragment ('#'); a '#' in a blob name is written %23", error);
    }

    [Fact]
    public void An_empty_url_is_refused() =>
        Assert.Equal("An empty URL names no blob.", AzureUrls.Resolve(Accounts["public"], "").Error);

    [Theory]
    [InlineData("public", "az://photos", "photos", "")]
    [InlineData("public", "az://photos/", "photos", "")]
    [InlineData("public", "az://photos/2024/", "photos", "2024/")]
    [InlineData("public", "az://photos/a%20b", "photos", "a b")]
    [InlineData("public", "https://myaccount.blob.core.windows.net/photos/dir/", "photos", "dir/")]
    [InlineData("azurite", "http://127.0.0.1:10000/devstoreaccount1/photos/x%25/", "photos", "x%/")]
    [InlineData("photos-only", "", "photos", "")]
    [InlineData("photos-only", "2024/", "photos", "2024/")]
    [InlineData("photos-only", "100%25 literal/", "photos", "100%25 literal/")]
    [InlineData("photos-only", "az://photos/2024/", "photos", "2024/")]
    public void Listing_prefixes_are_urls_or_bare_prefixes_in_the_only_container(string account, string prefix, string container, string blobPrefix)
    {
        var parsed = AzureUrls.ParsePrefix(Accounts[account], prefix, out var error);

        Assert.Null(error);
        Assert.Equal((container, blobPrefix), parsed);
    }

    [Theory]
    [InlineData("public", "2024/", "'2024/' is not a URL, and this integration may read any container; name the container to list, e.g. az://<container>/2024/")]
    [InlineData("public", "", "'' is not a URL, and this integration may read any container; name the container to list, e.g. az://<container>/")]
    [InlineData("public", "az://", "az:// names no container")]
    [InlineData("public", "s3://photos/", "s3://photos/ is not a blob URL of this azure integration")]
    [InlineData("photos-only", "az://videos/", "az://videos/ is in the container 'videos', but this integration reads only the container 'photos'")]
    public void Listing_prefixes_that_name_no_readable_container_are_refused(string account, string prefix, string expected)
    {
        var parsed = AzureUrls.ParsePrefix(Accounts[account], prefix, out var error);

        Assert.Null(parsed);
        Assert.NotNull(error);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public", "a.jpg", "https://myaccount.blob.core.windows.net/photos/a.jpg")]
    [InlineData("azurite", "dir/a.jpg", "http://127.0.0.1:10000/devstoreaccount1/photos/dir/a.jpg")]
    [InlineData("public", "a dir/ünï + plus & amp #1 (x) 100%.bin",
        "https://myaccount.blob.core.windows.net/photos/a%20dir/%C3%BCn%C3%AF%20%2B%20plus%20%26%20amp%20%231%20%28x%29%20100%25.bin")]
    [InlineData("public", "q?.jpg", "https://myaccount.blob.core.windows.net/photos/q%3F.jpg")]
    [InlineData("public", "keep-._~/A9", "https://myaccount.blob.core.windows.net/photos/keep-._~/A9")]
    public void Listing_urls_are_the_endpoint_form_with_the_name_percent_encoded(string account, string blob, string expected)
    {
        Assert.Equal(expected, AzureUrls.CanonicalUrl(Accounts[account], "photos", blob));
    }

    [Theory]
    [InlineData("a.jpg")]
    [InlineData("a dir/ünï + plus & amp #1 (x) 100%.bin")]
    [InlineData("q?x=1&y=#frag")]
    [InlineData("%2F already-encoded-looking %41")]
    [InlineData("日本語/файл.png")]
    [InlineData("tab\there")]
    public void Listing_urls_resolve_back_to_the_same_blob(string blob)
    {
        foreach (var account in Accounts.Values.Where(a => a.Container is null or "photos"))
        {
            var url = AzureUrls.CanonicalUrl(account, "photos", blob);

            Assert.Equal($"photos/{blob}", AzureUrls.Resolve(account, url).Location?.Key);
            Assert.DoesNotContain(" ", url, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("photos/a.jpg", "photos", "a.jpg")]
    [InlineData("photos/dir/a.jpg", "photos", "dir/a.jpg")]
    [InlineData("photos//a.jpg", "photos", "/a.jpg")]
    public void Keys_split_at_the_first_slash(string key, string container, string blob) =>
        Assert.Equal((container, blob), AzureUrls.SplitKey(key));

    [Theory]
    [InlineData("photos")]
    [InlineData("photos/")]
    [InlineData("/a.jpg")]
    [InlineData("")]
    public void Keys_without_container_and_blob_do_not_split(string key) => Assert.Null(AzureUrls.SplitKey(key));

    [Theory]
    [InlineData("myaccount.blob.core.windows.net", "myaccount")]
    [InlineData("MyAccount.BLOB.core.windows.net", "myaccount")]
    [InlineData("myaccount.blob.core.chinacloudapi.cn", "myaccount")]
    [InlineData("myaccount.z12.blob.storage.azure.net", "myaccount")]
    [InlineData("devstoreaccount1.blob.localhost", "devstoreaccount1")]
    [InlineData("127.0.0.1", null)]
    [InlineData("localhost", null)]
    [InlineData("files.example.com", null)]
    [InlineData("blob.core.windows.net", null)]
    [InlineData("myaccount.dfs.core.windows.net", null)]
    public void The_account_is_the_first_label_of_blob_hosts(string host, string? account) =>
        Assert.Equal(account, AzureUrls.AccountOfHost(host));

    [Theory]
    [InlineData("https://myaccount.blob.core.windows.net", "myaccount")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1", "devstoreaccount1")]
    [InlineData("http://localhost:10000/devstoreaccount1", "devstoreaccount1")]
    [InlineData("https://files.example.com", null)]
    public void The_account_of_an_endpoint_is_in_its_host_or_first_path_segment(string endpoint, string? account) =>
        Assert.Equal(account, AzureUrls.AccountOfEndpoint(endpoint));

    [Theory]
    [InlineData("abc", true)]
    [InlineData("photos-2024", true)]
    [InlineData("a1-b2-c3", true)]
    [InlineData("$root", true)]
    [InlineData("$web", true)]
    [InlineData("$logs", true)]
    [InlineData("ab", false)]
    [InlineData("Photos", false)]
    [InlineData("photos_2024", false)]
    [InlineData("-abc", false)]
    [InlineData("abc-", false)]
    [InlineData("a--b", false)]
    [InlineData("$other", false)]
    [InlineData("", false)]
    public void Container_names_follow_azure_rules(string name, bool valid)
    {
        Assert.Equal(valid, AzureUrls.IsContainerName(name));
        Assert.Equal(valid, AzureUrls.ContainerNameProblem(name) is null);
    }

    [Fact]
    public void Container_names_are_at_most_63_characters()
    {
        Assert.True(AzureUrls.IsContainerName(new string('a', 63)));
        Assert.False(AzureUrls.IsContainerName(new string('a', 64)));
    }
}
