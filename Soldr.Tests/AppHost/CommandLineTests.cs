using Microsoft.Extensions.Configuration;
using Soldr.AppHost.Hosting;

namespace Soldr.Tests.AppHost;

public sealed class CommandLineTests
{
    [Fact]
    public void Options_BecomeAppHostSettings()
    {
        var options = Read("--data-dir", "/srv/soldr", "--reset", "--ingest-port", "9000", "--ui-port=9001", "--api-port", "0", "--bind", "0.0.0.0");

        Assert.Equal("/srv/soldr", options.DataDirectory);
        Assert.True(options.Reset);
        Assert.Equal(9000, options.IngestPort);
        Assert.Equal(9001, options.UiPort);
        Assert.Equal(0, options.ApiPort);
        Assert.Equal("0.0.0.0", options.Bind);
        Assert.Equal("127.0.0.1", options.ApiBind);
    }

    [Fact]
    public void Defaults_AreThePublishedPorts()
    {
        var options = Read();

        Assert.Equal((8080, 8081, 8443), (options.IngestPort, options.UiPort, options.ApiPort));
        Assert.False(options.Reset);
        Assert.Null(options.DataDirectory);
    }

    [Fact]
    public void ColonArguments_AreConfigurationForTheServices()
    {
        var (settings, _) = CommandLine.Parse(["--Soldr:Webhooks:demo:Destinations:0:Url=http://x/hook", "--ConnectionStrings:redis", "cache:6379", "--Soldr__Admin__Secret", "s"]);

        Assert.Equal("http://x/hook", settings["Soldr:Webhooks:demo:Destinations:0:Url"]);
        Assert.Equal("cache:6379", settings["ConnectionStrings:redis"]);
        Assert.Equal("s", settings["Soldr:Admin:Secret"]);
    }

    [Fact]
    public void AspiresOwnOptions_PassThroughToAspire_AndSoldrsGetANewDashboardPort()
    {
        var (settings, aspire) = CommandLine.Parse(["--publisher", "manifest", "--output-path=/tmp/m.json", "--dashboard-port", "19000", "--containers"]);

        Assert.Equal(["--publisher", "manifest", "--output-path=/tmp/m.json"], aspire);
        Assert.Equal("19000", settings["AppHost:DashboardPort"]);
        Assert.Equal("true", settings["AppHost:Containers"]);
    }

    [Fact]
    public void NoDashboard_IsAFlag_TheAppHostReadsBeforeAspireStarts()
    {
        var (settings, aspire) = CommandLine.Parse(["--no-dashboard"]);

        Assert.Empty(aspire);
        Assert.Equal("true", settings[CommandLine.NoDashboardKey]);
    }

    [Theory]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("stray", "unexpected argument 'stray'")]
    [InlineData("--ingest-port", "option '--ingest-port' needs a value")]
    public void BadArguments_AreRefusedWithOneLine(string argument, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CommandLine.Parse([argument]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("http")]
    public void APortThatIsNotAPort_IsRefusedNamingTheKey(string value)
    {
        var error = Assert.Throws<FormatException>(() => Read("--ingest-port", value));

        Assert.Contains("AppHost:IngestPort must be a port number", error.Message, StringComparison.Ordinal);
    }

    private static AppHostOptions Read(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(CommandLine.Parse(args).Settings).Build();
        return CommandLine.ReadOptions(configuration);
    }
}
