using System.ComponentModel.DataAnnotations;

namespace Soldr.Core.Database;

/// <summary>Start-up behaviour towards PostgreSQL (section <c>Soldr:Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Soldr:Database";

    /// <summary>How long start-up keeps retrying an unreachable database before the service gives up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
