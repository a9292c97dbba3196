using System.ComponentModel.DataAnnotations;

namespace Soldr.Ingest.Ingestion;

/// <summary>Section <c>Soldr:Ingest</c>. Every limit is a setting with its default here.</summary>
public sealed class IngestOptions
{
    public const string Section = "Soldr:Ingest";

    /// <summary>Webhooks are addressed as <c>&lt;name&gt;.&lt;BaseDomain&gt;</c>.</summary>
    [Required]
    [RegularExpression(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$",
        ErrorMessage = "Soldr:Ingest:BaseDomain must be a lower-case domain name such as wh.example.com.")]
    public string BaseDomain { get; set; } = "wh.localhost";

    /// <summary>Largest accepted body; larger ones are answered 413.</summary>
    [Range(1024, 256 * 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxBodyBytes must be between 1024 and 268435456.")]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Most request headers accepted; more are answered 431.</summary>
    [Range(8, 10_000, ErrorMessage = "Soldr:Ingest:MaxHeaderCount must be between 8 and 10000.")]
    public int MaxHeaderCount { get; set; } = 100;

    /// <summary>Largest total size of the request headers; larger ones are answered 431.</summary>
    [Range(1024, 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxHeaderBytes must be between 1024 and 1048576.")]
    public int MaxHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>Longest request line (method, path and query); longer ones are answered 414.</summary>
    [Range(256, 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxUrlBytes must be between 256 and 1048576.")]
    public int MaxUrlBytes { get; set; } = 8 * 1024;

    /// <summary>
    /// Peers whose <c>X-Forwarded-For</c> is believed: IP addresses or CIDR ranges. Empty means the peer
    /// address is always the source.
    /// </summary>
    public List<string> TrustedProxies { get; } = [];

    /// <summary>Most requests written in one commit.</summary>
    [Range(1, 10_000, ErrorMessage = "Soldr:Ingest:MaxBatchRequests must be between 1 and 10000.")]
    public int MaxBatchRequests { get; set; } = 512;

    /// <summary>Most body bytes written in one commit (a single larger request still goes alone).</summary>
    [Range(64 * 1024, 1024 * 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxBatchBytes must be between 65536 and 1073741824.")]
    public int MaxBatchBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Most batches being written at once. While one waits for its commit to reach disk the next gathers
    /// and starts; each one in flight holds a database connection.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Soldr:Ingest:MaxCommitsInFlight must be between 1 and 64.")]
    public int MaxCommitsInFlight { get; set; } = 4;

    /// <summary>
    /// Where requests are kept while PostgreSQL is unavailable. Empty means a <c>spool</c> folder under
    /// the current directory.
    /// </summary>
    public string? SpoolPath { get; set; }

    /// <summary>A spool segment is closed once it reaches this size, so drained space is freed early.</summary>
    [Range(1024 * 1024, 4L * 1024 * 1024 * 1024, ErrorMessage = "Soldr:Ingest:SpoolSegmentBytes must be between 1048576 and 4294967296.")]
    public long SpoolSegmentBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How often PostgreSQL is probed while requests wait in the spool.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Soldr:Ingest:SpoolDrainInterval must be between 00:00:00.100 and 00:10:00.")]
    public TimeSpan SpoolDrainInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the webhooks' response statuses are re-read.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Soldr:Ingest:ResponseStatusRefresh must be between 00:00:00.100 and 01:00:00.")]
    public TimeSpan ResponseStatusRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Retry-After, in seconds, of a 503 when a request could not be kept anywhere.</summary>
    [Range(1, 3600, ErrorMessage = "Soldr:Ingest:RetryAfterSeconds must be between 1 and 3600.")]
    public int RetryAfterSeconds { get; set; } = 5;
}
