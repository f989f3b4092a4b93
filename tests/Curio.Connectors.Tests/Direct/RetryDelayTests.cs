using System.Net;
using System.Net.Http.Headers;
using Curio.Connectors.Direct;

namespace Curio.Connectors.Tests.Direct;

public sealed class RetryDelayTests
{
    private static readonly DateTimeOffset Now = new(2025, 4, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ObjectSourceOptions Options = new() { RetryBaseDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData(1, 0.0, 100)]
    [InlineData(2, 0.0, 200)]
    [InlineData(3, 0.0, 400)]
    [InlineData(3, 0.5, 600)]
    [InlineData(3, 0.999, 799.6)]
    [InlineData(20, 0.0, 30_000)]
    public void Backs_off_exponentially_with_jitter_up_to_the_cap(int failedAttempts, double jitter, double expectedMs)
    {
        var delay = RetryDelay.Compute(failedAttempts, null, Now, Options, jitter);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, 3);
    }

    [Fact]
    public void Retry_after_seconds_wins_over_backoff()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), RetryDelay.Compute(1, new RetryConditionHeaderValue(TimeSpan.FromSeconds(5)), Now, Options, 0.9));
    }

    [Fact]
    public void Retry_after_is_capped()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetryDelay.Compute(1, new RetryConditionHeaderValue(TimeSpan.FromHours(1)), Now, Options, 0));
    }

    [Fact]
    public void Retry_after_date_counts_from_now_and_never_goes_negative()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryDelay.Compute(1, new RetryConditionHeaderValue(Now.AddSeconds(7)), Now, Options, 0));
        Assert.Equal(TimeSpan.Zero, RetryDelay.Compute(1, new RetryConditionHeaderValue(Now.AddSeconds(-7)), Now, Options, 0));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.NotImplemented, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.OK, false)]
    public void Knows_which_statuses_are_worth_retrying(HttpStatusCode status, bool retryable)
    {
        Assert.Equal(retryable, RetryDelay.IsRetryable(status));
    }
}
