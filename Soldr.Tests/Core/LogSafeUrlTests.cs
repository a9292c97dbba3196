using Soldr.Core.Diagnostics;

namespace Soldr.Tests.Core;

public sealed class LogSafeUrlTests
{
    [Theory]
    [InlineData("https://user:s3cret@hooks.test:8443/in?token=abc", "https://hooks.test:8443/in?…")]
    [InlineData("http://hooks.test/in", "http://hooks.test/in")]
    [InlineData("not a url", "(invalid URL)")]
    public void CredentialsAndQueries_StayOutOfLogs(string url, string expected) => Assert.Equal(expected, LogSafeUrl.From(url));
}
