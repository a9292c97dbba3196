using Soldr.Core.Diagnostics;

namespace Soldr.Tests.Core;

public sealed class LogSafeUrlTests
{
    [Theory]
    [InlineData("https://user:s3cret@hooks.test:8443/in?token=abc", "https://hooks.test:8443/…")]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXXSECRET", "https://hooks.slack.com/…")]
    [InlineData("http://hooks.test/", "http://hooks.test/")]
    [InlineData("not a url", "(invalid URL)")]
    public void CredentialsTokensAndPathKeys_StayOutOfLogs(string url, string expected) => Assert.Equal(expected, LogSafeUrl.From(url));
}
