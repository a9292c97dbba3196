using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.AppHost;

/// <summary>The manifest azd deploys, written by the AppHost in publish mode.</summary>
public sealed class ManifestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ThePublishedManifest_HasTheThreeProjects_ContainersWithVolumes_GeneratedSecrets_AndOnlyPublicEndpointsExternal()
    {
        var path = Path.Combine(_folder.Path, "manifest.json");
        var appHost = typeof(ManifestTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Soldr.AppHostPath").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.ChangeExtension(appHost, ".dll"), "--publisher", "manifest", "--output-path", path])
        {
            start.ArgumentList.Add(argument);
        }

        using (var publish = Process.Start(start)!)
        {
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await publish.WaitForExitAsync(timeout.Token);
            Assert.True(publish.ExitCode == 0, await output + await errors);
        }

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var resources = manifest.RootElement.GetProperty("resources");
        string Type(string name) => resources.GetProperty(name).GetProperty("type").GetString()!;

        Assert.All(["ingest", "worker", "admin"], name => Assert.Equal("project.v0", Type(name)));
        Assert.Equal("container.v0", Type("postgres"));
        Assert.Equal("container.v0", Type("redis"));
        Assert.Equal("soldr-postgres", resources.GetProperty("postgres").GetProperty("volumes")[0].GetProperty("name").GetString());
        Assert.Equal("soldr-redis", resources.GetProperty("redis").GetProperty("volumes")[0].GetProperty("name").GetString());
        Assert.DoesNotContain(resources.EnumerateObject(), r => r.Value.GetProperty("type").GetString() == "executable.v0");

        foreach (var secret in (string[])["admin-secret", "postgres-password", "redis-password"])
        {
            var input = resources.GetProperty(secret).GetProperty("inputs").GetProperty("value");
            Assert.True(input.GetProperty("secret").GetBoolean(), $"{secret} is secret");
            Assert.True(input.GetProperty("default").TryGetProperty("generate", out _), $"{secret} is generated");
        }

        bool External(string resource, string binding) =>
            resources.GetProperty(resource).GetProperty("bindings").GetProperty(binding).TryGetProperty("external", out var external) && external.GetBoolean();
        Assert.True(External("ingest", "http"), "ingest's webhooks endpoint is public");
        Assert.False(External("admin", "api"), "the management API stays inside the environment");
        Assert.False(External("ingest", "internal"), "health and metrics stay inside the environment");
        Assert.False(External("worker", "http"), "the worker has no public endpoint");
        Assert.Equal("{admin-secret.value}", resources.GetProperty("admin").GetProperty("env").GetProperty("Soldr__Admin__Secret").GetString());

        // The image creates the database on its first start; nothing else would in Azure.
        Assert.Equal("soldr", resources.GetProperty("postgres").GetProperty("env").GetProperty("POSTGRES_DB").GetString());

        // Whose X-Forwarded-For to believe is Soldr's own setting, not any peer's.
        Assert.All(["ingest", "worker", "admin"], name =>
            Assert.False(
                resources.GetProperty(name).GetProperty("env").TryGetProperty("ASPNETCORE_FORWARDEDHEADERS_ENABLED", out _), name));
    }

    public void Dispose() => _folder.Dispose();
}
