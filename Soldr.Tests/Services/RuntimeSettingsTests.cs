using System.Text.Json;

namespace Soldr.Tests.Services;

/// <summary>
/// The runtime settings each service is built with (its <c>runtimeconfig.json</c>, which the build copies
/// next to this assembly, as it does the services themselves).
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("Soldr.Ingest")]
    [InlineData("Soldr.Worker")]
    [InlineData("Soldr.Admin")]
    public void AServicesIdleThreadPoolThreads_WaitWithoutSpinning(string service)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, service + ".runtimeconfig.json")));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
