using System.Globalization;

namespace Soldr.AppHost.Hosting.Resources;

/// <summary>
/// An HTTP endpoint a project listens on. Port 0 means "any free port", chosen when the stack is
/// prepared; a fixed port that is taken stops start-up with an error naming the resource and port.
/// </summary>
public sealed class EndpointAnnotation(string name, int port, string bindAddress, string? portOption)
{
    public string Name { get; } = name;

    public int Port { get; internal set; } = port;

    /// <summary>The address Kestrel binds: <c>localhost</c>, <c>127.0.0.1</c>, <c>0.0.0.0</c>...</summary>
    public string BindAddress { get; } = bindAddress;

    /// <summary>The command-line option that changes this port, quoted in the "port in use" error.</summary>
    public string? PortOption { get; } = portOption;

    public string Url => $"http://{BindAddress}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>An address a local client can connect to, even when bound to every interface.</summary>
    public string LocalUrl => BindAddress is "0.0.0.0" or "*" or "+" or "::" or "[::]"
        ? $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"
        : Url;
}
