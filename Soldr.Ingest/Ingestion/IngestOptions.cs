using System.ComponentModel.DataAnnotations;

namespace Soldr.Ingest.Ingestion;

/// <summary>Section <c>Soldr:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Soldr:Ingest";

    /// <summary>Webhooks are addressed as <c>&lt;name&gt;.&lt;BaseDomain&gt;</c>.</summary>
    [Required]
    [RegularExpression(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$",
        ErrorMessage = "Soldr:Ingest:BaseDomain must be a lower-case domain name such as wh.example.com.")]
    public string BaseDomain { get; set; } = "wh.localhost";

    /// <summary>Largest accepted body; larger ones are answered 413.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}
