using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Soldr.AppHost.Hosting.LocalRedis;

/// <summary>
/// A Redis-compatible server run from the machine (redis-server, else Garnet), for machines where
/// containers cannot run, on a loopback port fixed before it starts.
/// </summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory, int port, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public int Port { get; } = port;

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},password={Password}");

    /// <summary>The connection string with the password's value, for the AppHost's own health check.</summary>
    internal string ConnectionString(string password) =>
        $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},password={password}";
}
