using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Soldr.AppHost.Orchestration;
using Soldr.ServiceDefaults.Files;

namespace Soldr.AppHost.Provisioning.Postgres;

/// <summary>
/// PostgreSQL in a container, for machines with a working Docker engine but no server binaries. The
/// container runs attached (its log is the resource's log) and is removed when it stops; its data
/// lives in a folder of the data folder, so it survives restarts like the local cluster does.
/// </summary>
public static class DockerPostgresServer
{
    private const int ImageMajorVersion = 17;

    /// <summary>The image, named by the major version the server's settings are chosen for.</summary>
    public static readonly string Image = $"postgres:{ImageMajorVersion.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<ManagedProcess> StartAsync(string dataDirectory, int port, string password, string resource, ResourceConsole console, CancellationToken cancellationToken)
    {
        OwnerOnly.CreateFolder(dataDirectory);

        // A container left by a run that was killed (docker's client dies, its container does not)
        // would hold the name and the data folder.
        await CommandRunner.RunAsync("docker", ["rm", "--force", ContainerName(dataDirectory)], TimeSpan.FromMinutes(1), cancellationToken);
        return ManagedProcess.Start(resource, new ProcessSpec("docker", BuildArguments(dataDirectory, port))
        {
            // Passed by name only, so the password is not on the docker command line.
            Environment = new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = password },
            // The attached client forwards it to the container: PostgreSQL's fast shutdown, as for local binaries.
            StopSignal = ProcessSignals.SigInt,
            StopTimeout = TimeSpan.FromSeconds(30),
        }, console);
    }

    public static IReadOnlyList<string> BuildArguments(string dataDirectory, int port) =>
    [
        "run", "--rm",
        "--name", ContainerName(dataDirectory),
        "-e", "POSTGRES_PASSWORD",
        "-p", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}:5432",
        "-v", $"{dataDirectory}:/var/lib/postgresql/data",
        Image,
        // The image's entry point passes arguments after the image to the server.
        "postgres", .. ServerSettings.Arguments(ImageMajorVersion),
    ];

    /// <summary>One container name per data folder, so two stacks on one machine do not collide.</summary>
    public static string ContainerName(string dataDirectory) =>
        "soldr-postgres-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12];
}
